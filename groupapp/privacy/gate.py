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
}


@bp.before_app_request
def require_current_notice() -> Any:
    if request.endpoint in OPEN_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not services.needs_notice_acceptance(current_user):
        return None
    if wants_json():
        abort(403, description="Accept the privacy notice first.")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("privacy.notice", next=target))
