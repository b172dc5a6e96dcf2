"""Rendered key pages kept until anything they could show changes.

A signed-in person's GET of a key page (start pages, the cohort page, review queues, the
outbox, the audit log) renders once; repeat views within the same minute are served from
the cache until the data generation changes (``groupapp.core.generation``: a random token
replaced after every committed write, in the web app and the worker alike).

Why a hit is safe:

- The generations are read before the view runs and the entry is stored with them, so a
  write committed while the page rendered replaces a token and the entry is never served.
  Tokens and entry are read in one round trip.
- Whatever decides what a person may see (memberships, roles, cohort staff, accounts) is
  a row: a change to it is a committed write, a new generation, and the next view renders
  and checks again. The request's own gates (sign-in, session limits, privacy notice,
  two-factor set-up, role decorators) run before the view on a hit too, and a view may
  name a ``check`` that runs on every hit (the cohort page asks, in one statement, whether
  the person still manages the cohort: that also catches a change made outside the app).
- The key holds the person, their role and organisation, language, time zone, the host,
  the full path and query, the whole session but its last-seen stamp (so the CSRF token
  and every flag in it), and the current minute (pages say "today", "in 20 minutes").
- A crash between a commit and the token's replacement leaves at most ``TTL`` seconds of
  an old page: every entry expires.

Writes that are ignored: only to tables named by ``ignore_writes_to`` (the audit package
names its own: a read-audit row is written on every view). No cached page shows audit
rows but the audit log, which also depends on the ``audit`` generation (see
``groupapp.audit.services`` for which audit rows replace it). Audit rows a view writes
while rendering are written again on every hit (``note_for_hits``), so every view is
still on record.

Responses get an ``ETag`` (a hash of the body, worked out once when the page is stored),
and ``If-None-Match`` with the same tag is answered 304. They stay ``Cache-Control:
private, no-store``: these pages carry health and attendance data, and a browser must not
keep them on disk (a shared computer, the back button after signing out), so the cache
that saves work is the server's.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import Response, current_app, g, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from groupapp.core.generation import (
    DATA,
    GENERATION_KEY,
    KEY_PREFIX,
    PageStore,
    entry_key,
    ignore_writes_to,
    init_page_cache,
    mark_written,
    page_store,
)

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

_NOTES = "page_cache_notes"  # g: what a miss must repeat on a hit
# Session values that change on every request without changing any page.
_VOLATILE_SESSION_KEYS = frozenset({"_seen_at", "_flashes"})
_STANDARD_HEADERS = frozenset({"content-type", "content-length"})
_HIT_ACTIONS: dict[str, Callable[[list[dict[str, Any]]], None]] = {}


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


def _key() -> str:
    from groupapp.core.i18n import current_locale

    # Pages embed the CSRF token: make it now, so the first view's key holds it. Once the
    # session has it, the key holds it already (signing it again would change nothing).
    if current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in session:
        generate_csrf()
    kept = sorted((str(k), repr(v)) for k, v in session.items() if k not in _VOLATILE_SESSION_KEYS)
    user = current_user._get_current_object()  # one proxy lookup, not five
    parts = (
        str(user.id),
        str(user.role),
        str(user.organisation_id),
        current_locale(),
        str(getattr(user, "timezone", "")),
        request.host_url,
        request.full_path,
        repr(kept),
        str(int(time.time() // 60)),
    )
    return entry_key("entry", parts)


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


def _etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def _validated(response: Response, etag: str | None = None) -> Response:
    response.set_etag(etag or _etag(response.get_data()))
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.make_conditional(request)  # 304 without a body when the tag matches
    return response


def cached_page(
    check: Callable[..., Any] | None = None, generations: Sequence[str] = ()
) -> Callable[[F], F]:
    """Serve the decorated GET view from the page cache while nothing it shows changed.

    ``check(**view_args)`` runs on every hit before the page is served (an access check
    that aborts with 403/404). ``generations`` names generations besides ``data`` that the
    page depends on (the audit log: ``"audit"``). Audit rows the view writes are written
    again on each hit. Every answer carries an ``ETag``; ``If-None-Match`` gets a 304.
    """
    names = (DATA, *generations)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            store = page_store()
            if store is None or not _cacheable_request():
                return view(*args, **kwargs)
            try:
                key = _key()
                tokens, entry = store.read(key, names)
            except Exception:
                log.warning("page cache unavailable; rendering", exc_info=True)
                return _validated(make_response(view(*args, **kwargs)))
            if entry is not None and entry["generations"] == tokens:
                return _serve_hit(entry, check, kwargs)
            g.setdefault(_NOTES, [])
            response = make_response(view(*args, **kwargs))
            notes = g.pop(_NOTES, [])
            if not _storable(response):
                return response
            body = response.get_data()
            etag = _etag(body)
            try:
                store.pages.set(
                    key, {"generations": tokens, "body": body, "etag": etag, "notes": notes}
                )
            except Exception:
                log.warning("page cache: could not store a page", exc_info=True)
            return _validated(response, etag)

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
    return _validated(Response(entry["body"], mimetype="text/html"), entry["etag"])


__all__ = [
    "GENERATION_KEY",
    "KEY_PREFIX",
    "PageStore",
    "cached_page",
    "ignore_writes_to",
    "init_page_cache",
    "mark_written",
    "note_for_hits",
    "page_store",
    "register_hit_action",
]
