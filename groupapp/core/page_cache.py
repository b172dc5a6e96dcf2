"""Rendered key pages kept until anything they could show changes.

A signed-in person's GET of a key page (start pages, the cohort page, review queues, the
outbox) renders once; repeat views within the same minute are served from the cache
until the data generation changes. The generation is a random token replaced after every
committed transaction that wrote anything (``after_flush`` and ``do_orm_execute`` mark the
session, ``after_commit`` replaces the token), in the web app and in the worker alike:
they share it through Redis (the demo's web process and worker through a small file
store). A random token, not a counter, so two processes replacing it at once can never
leave a value a page was cached under.

Why a hit is safe:

- The generation is read before the view runs and the entry is stored under it, so a
  write committed while the page rendered replaces the token and the entry is never read.
- Whatever decides what a person may see (memberships, roles, cohort staff, accounts) is
  a row: a change to it is a committed write, a new generation, and the next view renders
  and checks again. The request's own gates (sign-in, session limits, privacy notice,
  two-factor set-up, role decorators) run before the view on a hit too, and a view may
  name a ``check`` (the cohort page asks for its cohort again) that runs on every hit.
- The key holds the person, their role and organisation, language, time zone, the host,
  the full path and query, the whole session but its last-seen stamp (so the CSRF token
  and every flag in it), and the current minute (pages say "today", "in 20 minutes").
- A crash between a commit and the token's replacement leaves at most ``TTL`` seconds of
  an old page: every entry expires.

Writes that are ignored: only to tables named by ``ignore_writes_to`` (the audit package
names its own: a read-audit row is written on every view; no cached page shows audit
rows, and the audit log is not cached). Audit rows a view writes
while rendering are written again on every hit (``note_for_hits``), so every view is
still on record.

Responses get an ``ETag`` (a hash of the body), and ``If-None-Match`` with the same tag
is answered 304. They stay ``Cache-Control: private, no-store``: these pages carry health
and attendance data, and a browser must not keep them on disk (a shared computer, the
back button after signing out), so the cache that saves work is the server's.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, has_app_context, make_response, request, session
from flask_caching import Cache
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.elements import TextClause

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

EXTENSION = "groupapp.page_cache"
KEY_PREFIX = "groupapp:page:"  # every key of the page cache in a shared store
GENERATION_KEY = "generation:data"
_IGNORED_TABLES: set[str] = set()  # tables named by ``ignore_writes_to``
_DIRTY = "groupapp.page_cache.dirty"  # session.info flag: a write since the last commit
_NOTES = "page_cache_notes"  # g: what a miss must repeat on a hit
# Session values that change on every request without changing any page.
_VOLATILE_SESSION_KEYS = frozenset({"_seen_at", "_flashes"})
_STANDARD_HEADERS = frozenset({"content-type", "content-length"})
_HIT_ACTIONS: dict[str, Callable[[list[dict[str, Any]]], None]] = {}


@dataclass
class PageStore:
    """The page entries and the generation token, each in a Flask-Caching cache."""

    pages: Cache
    generations: Cache
    ttl: int

    def generation(self) -> str:
        """The current data generation (made on first use, or after eviction)."""
        token = self.generations.get(GENERATION_KEY)
        if token is None:
            self.generations.add(GENERATION_KEY, secrets.token_hex(8), timeout=0)
            token = self.generations.get(GENERATION_KEY)
        return str(token)

    def bump(self) -> None:
        """A new generation: every page cached so far is never read again."""
        self.generations.set(GENERATION_KEY, secrets.token_hex(8), timeout=0)


def init_page_cache(app: Flask) -> None:
    """Build the stores from the ``PAGE_CACHE_*`` settings.

    ``PAGE_CACHE_TYPE`` is a Flask-Caching type: ``RedisCache`` (production, pages and
    generation in ``PAGE_CACHE_REDIS_URL`` under the ``groupapp:page:`` prefix),
    ``SimpleCache`` (one process, at most ``PAGE_CACHE_MAX_ENTRIES`` pages, the generation
    in a file store in ``PAGE_CACHE_GENERATION_DIR`` that a worker process shares), or
    ``NullCache`` (off).
    """
    kind = app.config.get("PAGE_CACHE_TYPE", "NullCache")
    ttl = int(app.config.get("PAGE_CACHE_TTL_SECONDS", 300))
    base = {"CACHE_TYPE": kind, "CACHE_DEFAULT_TIMEOUT": ttl, "CACHE_KEY_PREFIX": KEY_PREFIX}
    if kind == "RedisCache":
        base["CACHE_REDIS_URL"] = app.config["PAGE_CACHE_REDIS_URL"]
    if kind == "SimpleCache":
        base["CACHE_THRESHOLD"] = int(app.config.get("PAGE_CACHE_MAX_ENTRIES", 500))
    pages = Cache(app, config=base)
    generations = pages
    if kind == "SimpleCache" and app.config.get("PAGE_CACHE_GENERATION_DIR"):
        generations = Cache(
            app,
            config={
                "CACHE_TYPE": "FileSystemCache",
                "CACHE_DIR": app.config["PAGE_CACHE_GENERATION_DIR"],
                "CACHE_THRESHOLD": 10,
                "CACHE_DEFAULT_TIMEOUT": 0,
            },
        )
    app.extensions[EXTENSION] = PageStore(pages, generations, ttl)


def page_store() -> PageStore | None:
    """The app's store, or None outside an app or when the cache is off."""
    if not has_app_context():
        return None
    store: PageStore | None = current_app.extensions.get(EXTENSION)
    if store is None or current_app.config.get("PAGE_CACHE_TYPE", "NullCache") == "NullCache":
        return None
    return store


# --- the generation: mark on writes, replace after commit --------------------------------


def ignore_writes_to(table: str) -> None:
    """Writes to ``table`` alone leave the generation as it is. Only for a table that no
    cached page shows (each domain names its own)."""
    _IGNORED_TABLES.add(table)


def _touches_only_ignored(tables: set[str]) -> bool:
    return bool(tables) and tables <= _IGNORED_TABLES


@event.listens_for(Session, "after_flush")
def _mark_flush(session: Session, _context: object) -> None:
    tables: set[str] = set()
    for obj in [*session.new, *session.deleted, *session.dirty]:
        if obj in session.dirty and not session.is_modified(obj):
            continue
        table = getattr(type(obj), "__tablename__", None)
        tables.add(str(table))
    if tables and not _touches_only_ignored(tables):
        session.info[_DIRTY] = True


def _writes(state: ORMExecuteState) -> bool:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        return getattr(table, "name", None) not in _IGNORED_TABLES
    statement = state.statement
    if isinstance(statement, TextClause):  # raw SQL: only a plain SELECT is a read
        return not statement.text.lstrip().upper().startswith("SELECT")
    return False


@event.listens_for(Session, "do_orm_execute")
def _mark_bulk(state: ORMExecuteState) -> None:
    if _writes(state):
        state.session.info[_DIRTY] = True


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session: Session) -> None:
    if not session.info.pop(_DIRTY, False):
        return
    store = page_store()
    if store is None:
        return
    try:
        store.bump()
    except Exception:  # the store is down: entries expire within the TTL anyway
        log.warning("page cache: could not replace the data generation", exc_info=True)


# --- what a hit must still do ------------------------------------------------------------


def register_hit_action(kind: str, action: Callable[[list[dict[str, Any]]], None]) -> None:
    """Have ``action(payloads)`` run on every cache hit of a page whose render called
    ``note_for_hits(kind, payload)`` (e.g. the audit module writes its read rows again)."""
    _HIT_ACTIONS[kind] = action


def note_for_hits(kind: str, payload: dict[str, Any]) -> None:
    """While a cacheable page renders, remember ``payload`` (picklable) for its hits."""
    notes: list[tuple[str, dict[str, Any]]] | None = g.get(_NOTES)
    if notes is not None:
        notes.append((kind, payload))


def _repeat(notes: list[tuple[str, dict[str, Any]]]) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for kind, payload in notes:
        by_kind.setdefault(kind, []).append(payload)
    for kind, payloads in by_kind.items():
        _HIT_ACTIONS[kind](payloads)


# --- the decorator -----------------------------------------------------------------------


def _key(generation: str) -> str:
    from groupapp.core.i18n import current_locale

    generate_csrf()  # pages embed the token: make it now, so the first view's key holds it
    kept = sorted((str(k), repr(v)) for k, v in session.items() if k not in _VOLATILE_SESSION_KEYS)
    parts = (
        str(current_user.id),
        str(current_user.role),
        str(current_user.organisation_id),
        current_locale(),
        str(getattr(current_user, "timezone", "")),
        request.host_url,
        request.full_path,
        repr(kept),
        generation,
        str(int(time.time() // 60)),
    )
    return "entry:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _cacheable_request() -> bool:
    return (
        request.method == "GET"
        and current_user.is_authenticated
        and "_flashes" not in session
        and not request.path.startswith("/api/")
    )


def _storable(response: Response) -> bool:
    extra = {name.lower() for name, _ in response.headers} - _STANDARD_HEADERS
    return (
        response.status_code == 200
        and response.mimetype == "text/html"
        and not extra
        and not response.direct_passthrough
        and "_flashes" not in session
    )


def _validated(response: Response) -> Response:
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.make_conditional(request)  # 304 without a body when the tag matches
    return response


def cached_page(check: Callable[..., Any] | None = None) -> Callable[[F], F]:
    """Serve the decorated GET view from the page cache while nothing it shows changed.

    ``check(**view_args)`` runs on every hit before the page is served (an access check
    that aborts with 403/404). Audit rows the view writes are written again on each hit.
    Every answer carries an ``ETag``; ``If-None-Match`` gets a 304.
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            store = page_store()
            if store is None or not _cacheable_request():
                return view(*args, **kwargs)
            try:
                key = _key(store.generation())
                entry = store.pages.get(key)
            except Exception:
                log.warning("page cache unavailable; rendering", exc_info=True)
                return _validated(make_response(view(*args, **kwargs)))
            if entry is not None:
                return _serve_hit(entry, check, kwargs)
            g.setdefault(_NOTES, [])
            response = make_response(view(*args, **kwargs))
            notes = g.pop(_NOTES, [])
            if _storable(response):
                body = response.get_data()
                try:
                    store.pages.set(key, {"body": body, "notes": notes})
                except Exception:
                    log.warning("page cache: could not store a page", exc_info=True)
                return _validated(response)
            return response

        return wrapper  # type: ignore[return-value]

    return decorate


def _serve_hit(entry: dict[str, Any], check: Callable[..., Any] | None, kwargs: Any) -> Any:
    from groupapp.db import db

    if check is not None:
        check(**kwargs)
    if entry["notes"]:
        _repeat(entry["notes"])
        db.session.commit()
    g.page_cache_hit = True
    return _validated(Response(entry["body"], mimetype="text/html"))


__all__ = [
    "KEY_PREFIX",
    "PageStore",
    "cached_page",
    "ignore_writes_to",
    "init_page_cache",
    "note_for_hits",
    "page_store",
    "register_hit_action",
]
