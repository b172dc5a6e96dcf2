"""Data generations: random tokens replaced after every committed write, shared by every
process, and the store that keeps what was worked out under them.

The ``data`` generation is replaced after every committed transaction that wrote anything
(``after_flush`` and ``do_orm_execute`` mark the session, ``after_commit`` replaces the
token), in the web app and in the worker alike: they share it through Redis (the demo's
web process and worker through a small file store). A random token, not a counter, so two
processes replacing it at once can never leave a value something was kept under.

Writes to a table named by ``ignore_writes_to`` leave the ``data`` generation alone. Such
a table may keep a generation of its own, which its package marks with ``mark_written``
for the writes that count (the audit package: every audit row but views of the log).

Whatever is kept under generations (a rendered page, a feed's version) is stored with the
tokens read before it was worked out, and used only while they are all still current: a
write committed meanwhile replaces a token and the entry is never used. Entries also
expire after ``PAGE_CACHE_TTL_SECONDS``, which bounds what a crash between a commit and
the token's replacement can leave.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context
from flask_caching import Cache
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.elements import TextClause

log = logging.getLogger(__name__)

T = TypeVar("T")

EXTENSION = "groupapp.page_cache"
KEY_PREFIX = "groupapp:page:"  # every key of the page cache in a shared store
DATA = "data"
GENERATION_KEY = "generation:data"
_IGNORED_TABLES: set[str] = set()  # tables named by ``ignore_writes_to``
_WRITTEN = "groupapp.generation.written"  # session.info: generations to replace on commit

Tokens = tuple[str, ...]


def generation_key(name: str) -> str:
    """The store key of generation ``name``."""
    return f"generation:{name}"


@dataclass
class PageStore:
    """Kept entries and the generation tokens, each in a Flask-Caching cache."""

    pages: Cache
    generations: Cache
    ttl: int

    def generation(self, name: str = DATA) -> str:
        """The current token of generation ``name`` (made on first use, or after eviction)."""
        key = generation_key(name)
        token = self.generations.get(key)
        if token is None:
            self.generations.add(key, secrets.token_hex(8), timeout=0)
            token = self.generations.get(key)
        return str(token)

    def bump(self, name: str = DATA) -> None:
        """A new token: everything kept under the old one is never used again."""
        self.generations.set(generation_key(name), secrets.token_hex(8), timeout=0)

    def read(self, key: str, names: Sequence[str]) -> tuple[Tokens, Any]:
        """The current tokens of ``names`` and the entry at ``key`` (None when absent).

        One round trip when the tokens and the entries share a store (Redis).
        """
        if self.generations is self.pages:
            *tokens, entry = self.pages.get_many(*map(generation_key, names), key)
        else:
            tokens = [self.generations.get(generation_key(name)) for name in names]
            entry = self.pages.get(key)
        if any(token is None for token in tokens):
            return tuple(self.generation(name) for name in names), None
        return tuple(str(token) for token in tokens), entry


def init_page_cache(app: Flask) -> None:
    """Build the stores from the ``PAGE_CACHE_*`` settings.

    ``PAGE_CACHE_TYPE`` is a Flask-Caching type: ``RedisCache`` (production, entries and
    generations in ``PAGE_CACHE_REDIS_URL`` under the ``groupapp:page:`` prefix),
    ``SimpleCache`` (one process, at most ``PAGE_CACHE_MAX_ENTRIES`` entries, the
    generations in a file store in ``PAGE_CACHE_GENERATION_DIR`` that a worker process
    shares), or ``NullCache`` (off).
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


def entry_key(kind: str, parts: Sequence[str]) -> str:
    """A store key for ``parts`` (hashed: parts may hold secrets such as feed tokens)."""
    return f"{kind}:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def remembered(parts: Sequence[str], compute: Callable[[], T | None]) -> T | None:
    """``compute()``, worked out once per ``data`` generation for the same ``parts``.

    For an answer read from the database that only a committed write can change (a feed
    token's owner and its version). ``compute`` returns something picklable, or None,
    which is never kept. Without a store (or when it fails) ``compute()`` runs every time.
    """
    store = page_store()
    if store is None:
        return compute()
    key = entry_key("value", parts)
    try:
        tokens, entry = store.read(key, (DATA,))
    except Exception:
        log.warning("page cache unavailable; reading the database", exc_info=True)
        return compute()
    if entry is not None and entry["generations"] == tokens:
        return entry["value"]  # type: ignore[no-any-return]
    value = compute()
    if value is not None:
        try:
            store.pages.set(key, {"generations": tokens, "value": value})
        except Exception:
            log.warning("page cache: could not keep a value", exc_info=True)
    return value


# --- marking writes, replacing tokens after commit ----------------------------------------


def ignore_writes_to(table: str) -> None:
    """Writes to ``table`` alone leave the ``data`` generation as it is. Only for a table
    that nothing kept under it shows (each domain names its own)."""
    _IGNORED_TABLES.add(table)


def mark_written(session: Session, name: str = DATA) -> None:
    """Replace generation ``name`` once ``session`` commits."""
    session.info.setdefault(_WRITTEN, set()).add(name)


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
        mark_written(session)


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
        mark_written(state.session)


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session: Session) -> None:
    names = session.info.pop(_WRITTEN, None)
    if not names:
        return
    store = page_store()
    if store is None:
        return
    for name in sorted(names):
        try:
            store.bump(name)
        except Exception:  # the store is down: entries expire within the TTL anyway
            log.warning("page cache: could not replace the %s generation", name, exc_info=True)


__all__ = [
    "DATA",
    "GENERATION_KEY",
    "KEY_PREFIX",
    "PageStore",
    "entry_key",
    "generation_key",
    "ignore_writes_to",
    "init_page_cache",
    "mark_written",
    "page_store",
    "remembered",
]
