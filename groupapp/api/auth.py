"""Bearer tokens authorise the JSON API; cookie sessions never do.

Each API blueprint runs ``load_bearer_user`` before anything else in the request (it is a
URL value preprocessor, which Flask calls before every ``before_request`` function), so
the app's own checks (session limits, the second-factor rule, the privacy notice) see the
token's user, and a session cookie the browser sends along is never read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, current_app, g, request
from flask_login import current_user
from flask_smorest import Blueprint, abort

from groupapp.api import tokens
from groupapp.api.body import ParsedOnceParser, check_json_body
from groupapp.core.problems import from_http_exception, problem
from groupapp.db import db
from groupapp.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="groupapp"'}


def public(view: F) -> F:
    """Mark an operation that needs no token (signing in, accepting an invitation)."""
    view._api_public = True  # type: ignore[attr-defined]
    return Blueprint.doc(security=[])(view)  # type: ignore[no-any-return]


def bearer_secret() -> str | None:
    """The token from ``Authorization: Bearer <token>``, if the request has one."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def load_bearer_user(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Make the token's user the current user for this request (anonymous without one)."""
    g._login_user = login_manager.anonymous_user()
    g.api_token = None
    secret = bearer_secret()
    if secret is None:
        return
    tokens.mark_used(secret)
    db.session.commit()  # the last-use stamp, whatever the request does next
    found = tokens.user_for_secret(secret)
    if found is not None:
        g._login_user, g.api_token = found


def require_token() -> Any:
    """Refuse a call without a valid token (401 with a Bearer challenge)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "_api_public", False) or g.api_token is not None:
        return None
    detail = (
        "Send a token as Authorization: Bearer <token> (POST /api/v1/auth/tokens)."
        if bearer_secret() is None
        else "That token is unknown, expired or revoked."
    )
    return problem(401, detail, headers=CHALLENGE)


def require_staff(what: str) -> None:
    """403 unless the caller is a facilitator or an admin (``what`` names the thing)."""
    if not current_user.is_staff:
        abort(403, message=f"{what}: for facilitators and admins only.")


class ApiBlueprint(Blueprint):  # type: ignore[misc]
    """flask-smorest's Blueprint, reading the JSON body Flask parsed (once, within bounds)."""

    ARGUMENTS_PARSER = ParsedOnceParser()


def api_blueprint(name: str, description: str) -> Blueprint:
    """A blueprint of the API (under /api/v1) with bearer auth and problem errors."""
    blp = ApiBlueprint(f"api_{name}", __name__, url_prefix="/api/v1", description=description)
    blp.url_value_preprocessor(load_bearer_user)
    blp.before_request(require_token)
    blp.before_request(check_json_body)
    blp.after_request(_no_content)
    blp.register_error_handler(Exception, _error)
    return blp


def _no_content(response: Response) -> Response:
    """A 204 carries nothing: no body and so no content type (RFC 9110, 15.3.5)."""
    if response.status_code == 204:
        response.set_data(b"")
        del response.headers["Content-Type"]
    return response


def _error(error: Exception) -> Any:
    from werkzeug.exceptions import HTTPException

    if isinstance(error, HTTPException):
        return from_http_exception(error)
    db.session.rollback()
    current_app.logger.exception("unhandled error on %s", request.path)
    return problem(500, "Something went wrong on our side. Try again shortly.")
