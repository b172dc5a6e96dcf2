"""Server-side session rules: idle logout, an absolute limit, and JSON answers for scripts.

Two timestamps live in the signed session cookie: when the person signed in and when the
app last saw a request from them. Every request compares them with the limits, so a copied
cookie stops working after the same idle time as the browser it came from.

Remember-me: staff never get a remember cookie (the box has no effect for them, and a
staff cookie that arrives anyway is refused), so nothing brings a staff session back past
the idle rule. A participant who ticks the box on their own device gets a cookie that
restores the login after the browser dropped its session cookie, for at most the absolute
limit (12 hours) after signing in; while the session cookie lives the idle rule applies,
and an idle logout clears the remember cookie too.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, flash, jsonify, redirect, request, session, url_for
from flask.sansio.app import App
from flask_login import current_user, logout_user, user_loaded_from_cookie

from groupapp.accounts.models import User
from groupapp.core.clients import request_prefers_json
from groupapp.core.problems import is_api_path
from groupapp.db import db
from groupapp.extensions import login_manager

STARTED = "_started_at"
SEEN = "_seen_at"
# Endpoints that must keep working for a signed-out or half-signed-in person.
OPEN_ENDPOINTS = {"static", "accounts.login", "accounts.logout", "core.healthz"}


def settings_from_environment() -> dict[str, int]:
    """Session limits, configurable by environment variable (minutes)."""
    return {
        "SESSION_IDLE_MINUTES_PARTICIPANT": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_IDLE_MINUTES_STAFF": int(os.environ.get("SESSION_IDLE_MINUTES_STAFF", "15")),
        "SESSION_ABSOLUTE_HOURS": int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")),
    }


def idle_minutes(user: Any) -> int:
    key = "SESSION_IDLE_MINUTES_STAFF" if user.is_staff else "SESSION_IDLE_MINUTES_PARTICIPANT"
    return int(current_app.config[key])


def wants_json() -> bool:
    """Scripts (autosave, API) ask for JSON; they get a JSON status instead of a redirect.

    ``Accept: */*`` (curl, proxies) is not asking for JSON: see ``groupapp.core.clients``.
    """
    return request_prefers_json()


def start_session() -> None:
    """Stamp a fresh login (call right after ``login_user``)."""
    now = time.time()
    session[STARTED] = now
    session[SEEN] = now
    session.permanent = False


def _expiry_message(user: Any, now: float) -> str | None:
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if started is None or seen is None:
        return "Please sign in again."
    idle = idle_minutes(user)
    if now - float(seen) > idle * 60:
        return f"You were signed out after {idle} minutes of inactivity. Sign in to carry on."
    hours = int(current_app.config["SESSION_ABSOLUTE_HOURS"])
    if now - float(started) > hours * 3600:
        return f"You were signed out because you had been signed in for {hours} hours."
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
        session[SEEN] = now
        return None
    logout_user()
    session.clear()
    session["_remember"] = "clear"  # Flask-Login then deletes the remember cookie too
    return signed_out_response(message)


@login_manager.user_loader
def load_user(cookie_id: str) -> User | None:
    """The user behind a session or remember cookie, if its token is still current.

    Cookies never authorise the JSON API: it takes bearer tokens only (groupapp.api.auth),
    so a page that tricks a signed-in browser into calling it gets nothing.
    """
    if is_api_path(request.path):
        return None
    user_id, _, token = cookie_id.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    if user.is_staff and STARTED not in session:
        # Only a remember cookie arrives without a login stamp; staff must sign in with
        # their password (and second factor) every time, so the cookie is dropped.
        session["_remember"] = "clear"
        return None
    return user


def _restored_from_cookie(_app: Flask, user: Any) -> None:
    start_session()


def _unauthorized() -> Any:
    return signed_out_response("Please sign in to continue.")


def register_session_rules(app: App) -> None:
    """Install the limits (once per app) and the handler for pages that need a login."""
    for key, value in settings_from_environment().items():
        app.config.setdefault(key, value)
    app.config.setdefault(
        "REMEMBER_COOKIE_DURATION", timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
    )
    app.before_request(enforce_session_limits)
    login_manager.unauthorized_handler(_unauthorized)
    user_loaded_from_cookie.connect(_restored_from_cookie, app)
