"""Rate-limit keys and limits for login, second factor, password reset, invitations and
email address changes.

Limits per address slow down one machine; limits per account slow down a distributed
guesser. An attacker could use the per-account limit to keep a real person out, so it
counts only failures, forgets them after 15 minutes, and its key includes a fingerprint
of the current password hash: a person who resets their password is let in at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import request, session
from flask_limiter.util import get_remote_address
from flask_login import current_user

from groupapp.accounts.services import find_user_by_email, password_fingerprint
from groupapp.core.addresses import canonical_email
from groupapp.extensions import limiter

# A whole group signs in on the clinic's wifi behind one address at the start of a
# meeting (30 people and their typos within a minute); the per-account limit stays strict.
PER_ADDRESS_LOGIN = "90 per minute; 300 per hour"
PER_ACCOUNT_FAILURES = "5 per 15 minutes"
PER_ADDRESS_RESET = "5 per minute; 20 per hour"
PER_EMAIL_RESET = "3 per hour"
PER_ADDRESS_LINK = "10 per minute; 60 per hour"
PER_USER_INVITES = "30 per hour"
PER_USER_EMAIL_CHANGES = "5 per hour"


def _digest(text: str) -> str:
    # Keys end up in Redis: store a digest rather than an email address.
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def posted_email() -> str:
    """The email a login form or a JSON sign-in (the API's token request) names."""
    if request.is_json:
        body = request.get_json(silent=True)
        value = body.get("email") if isinstance(body, dict) else None
    else:
        value = request.form.get("email")
    return canonical_email(value) if isinstance(value, str) else ""


def login_account_key() -> str:
    email = posted_email()
    user = find_user_by_email(email) if email else None
    fingerprint = password_fingerprint(user) if user is not None else "none"
    return "login-account:" + _digest(f"{email}:{fingerprint}")


def second_factor_key() -> str:
    pending = session.get("_pending_2fa") or {}
    return "second-factor:" + _digest(str(pending.get("u", get_remote_address())))


def reset_email_key() -> str:
    return "reset-email:" + _digest(canonical_email(request.form.get("email") or ""))


def inviter_key() -> str:
    """Per person for signed-in requests (inviting, changing one's address), else per address."""
    if current_user.is_authenticated:
        return f"inviter:{current_user.id}"
    return get_remote_address()


#: Invitations sent by one person, from the People page and cohort pages together.
invitation_limit = limiter.shared_limit(
    PER_USER_INVITES, scope="invitations", methods=["POST"], key_func=inviter_key
)


def failed(response) -> bool:  # type: ignore[no-untyped-def]
    """A login or code form that comes back (200) or is refused (4xx) was a failure."""
    return response.status_code == 200 or 400 <= response.status_code < 500


def guessing_limits(account_key: Callable[[], str]) -> Callable[[Any], Any]:
    """Limits for a form that checks a secret: per address, and failures per account."""

    def decorate(view: Any) -> Any:
        view = limiter.limit(
            PER_ACCOUNT_FAILURES, methods=["POST"], key_func=account_key, deduct_when=failed
        )(view)
        return limiter.limit(PER_ADDRESS_LOGIN, methods=["POST"])(view)

    return decorate
