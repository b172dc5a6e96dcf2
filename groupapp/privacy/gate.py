"""Before anything else, a participant accepts the current version of the privacy notice."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_login import current_user

from groupapp.accounts.sessions import wants_json
from groupapp.privacy import bp, services

# What a participant may open before accepting: the notice itself and the way out.
OPEN_ENDPOINTS = {
    "static",
    "core.healthz",
    "accounts.login",
    "accounts.login_code",
    "accounts.logout",
    "privacy.notice",
    "privacy.accept_notice",
    # Signing out of the API (revoking the token a call is made with) always works.
    "api_auth.revoke_current_token",
}


def accept_first_message() -> str:
    """What a caller without a browser is told: where to accept the notice, and then what."""
    where = url_for("privacy.notice", _external=True)
    return (
        f"Accept your organisation's privacy notice first: open {where} in a browser, "
        "sign in and accept it. Then try again."
    )


@bp.before_app_request
def require_current_notice() -> Any:
    if request.endpoint in OPEN_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not services.needs_notice_acceptance(current_user):
        return None
    if wants_json():
        abort(403, description=accept_first_message())
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("privacy.notice", next=target))
