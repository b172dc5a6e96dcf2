"""Server-side session rules: idle logout, an absolute limit, and JSON answers for scripts.

Two timestamps live in the signed session cookie: when the person signed in and when the
app last saw a request from them. Every request compares them with the limits, so a copied
cookie stops working after the same idle time as the browser it came from.

Remember-me: staff never get a remember cookie (the box has no effect for them, and a
staff cookie that arrives anyway is refused), so nothing brings a staff session back past
the idle rule. A participant who ticks the box on their own device gets a cookie that
restores the login after the browser dropped its session cookie. The server keeps each
remember cookie's issue time (``RememberToken``): a restored session keeps the original
sign-in time, so the absolute limit (12 hours) counts from signing in with the password,
and a cookie older than that is refused whoever presents it. While the session cookie
lives the idle rule applies, and an idle logout clears the remember cookie too.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import time
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, flash, g, jsonify, redirect, request, session, url_for
from flask.sansio.app import App
from flask_babel import format_decimal, gettext, ngettext
from flask_login import current_user, logout_user, user_loaded_from_cookie
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import RememberToken, User
from groupapp.core.clients import request_prefers_json
from groupapp.core.errors import http_error_response
from groupapp.core.problems import is_api_path
from groupapp.db import db, utcnow
from groupapp.extensions import login_manager

STARTED = "_started_at"
SEEN = "_seen_at"
# The last-seen stamp is rewritten only once it is this old: a changed session means a
# newly signed cookie on the response, and the idle limit stays exact to the minute.
SEEN_RESOLUTION_SECONDS = 60
# Endpoints that must keep working for a signed-out or half-signed-in person.
OPEN_ENDPOINTS = {"static", "accounts.login", "accounts.logout", "core.healthz"}


REMEMBER_KEY = "_user_id"  # where Flask-Login keeps the id it writes into the remember cookie


def settings_from_environment() -> dict[str, float]:
    """Session limits from environment variables: idle minutes, absolute hours (decimals
    allowed, so ``SESSION_ABSOLUTE_HOURS=0.02`` is 72 seconds)."""
    return {
        "SESSION_IDLE_MINUTES_PARTICIPANT": float(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_IDLE_MINUTES_STAFF": float(os.environ.get("SESSION_IDLE_MINUTES_STAFF", "15")),
        "SESSION_ABSOLUTE_HOURS": float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")),
    }


def idle_minutes(user: Any) -> float:
    """The idle limit for ``user`` in minutes (staff and participants differ)."""
    key = "SESSION_IDLE_MINUTES_STAFF" if user.is_staff else "SESSION_IDLE_MINUTES_PARTICIPANT"
    return float(current_app.config[key])


def absolute_seconds() -> float:
    """How long a sign-in lasts at most, in seconds, however active the person is."""
    return float(current_app.config["SESSION_ABSOLUTE_HOURS"]) * 3600


def describe_duration(seconds: float) -> str:
    """A limit in words for messages, in the reader's language: "12 hours", "90 minutes",
    "72 seconds"."""
    whole = round(seconds)
    if whole >= 3600 and whole % 3600 == 0:
        return ngettext("%(num)s hour", "%(num)s hours", whole // 3600)
    if whole >= 60 and whole % 60 == 0:
        return ngettext("%(num)s minute", "%(num)s minutes", whole // 60)
    if whole >= 3600:
        return gettext("%(hours)s hours", hours=format_decimal(round(whole / 3600, 1)))
    return ngettext("%(num)s second", "%(num)s seconds", whole)


def wants_json() -> bool:
    """Scripts (autosave, API) ask for JSON; they get a JSON status instead of a redirect.

    ``Accept: */*`` (curl, proxies) is not asking for JSON: see ``groupapp.core.clients``.
    """
    return request_prefers_json()


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User, remember: bool = False) -> None:
    """Stamp a fresh login (call right after ``login_user``).

    With ``remember`` the remember cookie gets a key of its own whose issue time the
    server keeps, so the cookie stops working at the absolute limit. Flushes, never commits.
    """
    now = time.time()
    session[STARTED] = now
    session[SEEN] = now
    session.permanent = False
    if not remember:
        return
    cutoff = utcnow() - timedelta(seconds=absolute_seconds())
    db.session.execute(
        sa.delete(RememberToken).where(
            RememberToken.user_id == user.id, RememberToken.issued_at < cutoff
        )
    )
    key = secrets.token_urlsafe(24)
    db.session.add(RememberToken(user_id=user.id, key_hash=_key_hash(key), issued_at=utcnow()))
    db.session.flush()
    # Flask-Login writes this value into the remember cookie when the response goes out.
    session[REMEMBER_KEY] = f"{user.get_id()}.{key}"


def _expiry_message(user: Any, now: float) -> str | None:
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if started is None or seen is None:
        return gettext("Please sign in again.")
    idle = idle_minutes(user) * 60
    if now - float(seen) > idle:
        return gettext(
            "You were signed out after %(duration)s of inactivity. Sign in to carry on.",
            duration=describe_duration(idle),
        )
    limit = absolute_seconds()
    if now - float(started) > limit:
        return gettext(
            "You were signed out because you had been signed in for %(duration)s.",
            duration=describe_duration(limit),
        )
    return None


def _return_path() -> str:
    """Where to come back to after signing in again: this page, or the page a form was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = request.referrer or ""
    host = request.host_url.rstrip("/")
    return referrer[len(host) :] if referrer.startswith(host) else url_for("core.index")


def signed_out_response(message: str) -> Any:
    """A JSON 401 for scripts, else a flash and a redirect to the login page and back."""
    if wants_json():
        return jsonify(
            error="signed_out", message=message, login_url=url_for("accounts.login")
        ), 401
    flash(message, "info")
    return redirect(url_for("accounts.login", next=_return_path()))


def enforce_session_limits() -> Any:
    """Before every request: end a session that was idle or alive too long."""
    if (
        request.endpoint in OPEN_ENDPOINTS
        or is_api_path(request.path)  # bearer tokens, no session (groupapp.api.auth)
        or not current_user.is_authenticated
    ):
        return None
    now = time.time()
    message = _expiry_message(current_user, now)
    if message is None:
        if now - float(session[SEEN]) >= SEEN_RESOLUTION_SECONDS:
            session[SEEN] = now
        return None
    logout_user()
    session.clear()
    session["_remember"] = "clear"  # Flask-Login then deletes the remember cookie too
    return signed_out_response(message)


def _remembered_since(user: User, key: str) -> float | None:
    """When the remember cookie with ``key`` was issued (epoch seconds), if still valid."""
    issued = db.session.scalar(
        sa.select(RememberToken.issued_at).where(
            RememberToken.user_id == user.id, RememberToken.key_hash == _key_hash(key)
        )
    )
    if issued is None:
        return None
    started = issued.timestamp()
    return started if time.time() - started <= absolute_seconds() else None


# Every request loads its person afresh (a deactivated account or a new role counts on the
# next request), with the organisation in the same statement: nearly every page names it.
# Built once (on first use: every model must be imported first); ``Session.get`` with
# loader options builds a new query on every call.
@functools.cache
def _user_by_id() -> sa.Select[User]:
    return (
        sa.select(User)
        .options(joinedload(User.organisation))
        .where(User.id == sa.bindparam("user_id"))
    )


@login_manager.user_loader
def load_user(cookie_id: str) -> User | None:
    """The user behind a session or remember cookie, if its token is still current.

    The id reads ``<user id>.<session token>``, plus ``.<remember key>`` when the person
    asked to be remembered. Cookies never authorise the JSON API: it takes bearer tokens
    only (groupapp.api.auth), so a page that tricks a signed-in browser into calling it
    gets nothing.
    """
    if is_api_path(request.path):
        return None
    user_id, _, rest = cookie_id.partition(".")
    token, _, remember_key = rest.partition(".")
    if not (user_id.isascii() and user_id.isdigit()):
        return None
    user = db.session.execute(_user_by_id(), {"user_id": int(user_id)}).scalar_one_or_none()
    if user is None or user.session_token != token:
        return None
    if STARTED in session:
        return user
    # Only a remember cookie arrives without a login stamp. Staff must sign in with their
    # password (and second factor) every time; anyone else's cookie must still be within
    # the absolute limit of the sign-in that issued it.
    started = None if user.is_staff else _remembered_since(user, remember_key)
    if started is None:
        session["_remember"] = "clear"
        return None
    g.remembered_since = started
    return user


def _restored_from_cookie(_app: Flask, user: Any) -> None:
    start_session(user)
    # The absolute limit counts from the sign-in that issued the cookie, not from now.
    session[STARTED] = g.pop("remembered_since", session[STARTED])


def _csrf_failed(error: CSRFError) -> Any:
    """A script whose session has ended hears "signed out", not a CSRF failure.

    Signing out clears the session and with it the CSRF secret, so every later request
    from a page opened before would fail the CSRF check; for a signed-out script the
    truthful answer is the documented 401.
    """
    if wants_json() and not current_user.is_authenticated:
        return signed_out_response(gettext("Please sign in to continue."))
    return http_error_response(error)


def _unauthorized() -> Any:
    return signed_out_response(gettext("Please sign in to continue."))


def register_session_rules(app: App) -> None:
    """Install the limits (once per app) and the handler for pages that need a login."""
    for key, value in settings_from_environment().items():
        app.config.setdefault(key, value)
    app.config.setdefault(
        "REMEMBER_COOKIE_DURATION",
        timedelta(hours=float(app.config["SESSION_ABSOLUTE_HOURS"])),
    )
    app.before_request(enforce_session_limits)
    app.register_error_handler(CSRFError, _csrf_failed)
    login_manager.unauthorized_handler(_unauthorized)
    user_loaded_from_cookie.connect(_restored_from_cookie, app)
