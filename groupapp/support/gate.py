"""A support person's account opens their support pages, a minimal account (password,
language, time zone, sign out, the privacy notice) and nothing else.

Every other page and API call answers 404 for them (nothing there is theirs to know of),
whatever its own rules say, so a page added later stays closed to them without anyone
remembering to close it.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_login import current_user

from groupapp.support.models import SUPPORTER_ROLE

#: Pages anyone may open (signing in and out, links from email, documentation).
OPEN_ENDPOINTS = frozenset(
    {
        "static",
        "core.index",
        "core.healthz",
        "core.dev_mail",
        "accounts.login",
        "accounts.login_code",
        "accounts.logout",
        "accounts.forgot_password",
        "accounts.reset_password",
        "accounts.confirm_email",
        "accounts.accept_invitation",
        "meetings.feed",
        "notifications.unsubscribe",
        "api_invitations.accept_invitation",
        "api-docs.openapi_json",
        "api_pages.reference",
    }
)
#: Their own minimal account: name, language and time zone; password; the privacy notice.
#: Not the email change, two-factor or data pages, which serve group members.
ACCOUNT_ENDPOINTS = frozenset(
    {
        "accounts.settings",
        "accounts.change_password",
        "privacy.notice",
    }
)
#: Blueprints that are the support person's own.
OWN_BLUEPRINTS = ("support.", "api_support.", "api_auth.")


def is_open_to_supporters(endpoint: str | None) -> bool:
    """Whether a support person may reach ``endpoint``."""
    if endpoint is None:
        return True  # no route: the 404 says so
    return (
        endpoint in OPEN_ENDPOINTS
        or endpoint in ACCOUNT_ENDPOINTS
        or endpoint.startswith(OWN_BLUEPRINTS)
    )


def keep_supporters_on_their_pages() -> Any:
    """``before_app_request``: 404 for a support person anywhere but their pages."""
    if not current_user.is_authenticated or current_user.role != SUPPORTER_ROLE:
        return None
    if is_open_to_supporters(request.endpoint):
        return None
    abort(404)
