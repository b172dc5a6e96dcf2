"""A person's own profile: display name, time zone and email address.

A new email address takes effect only when its owner opens the link sent to it (so a
typo or someone else's address cannot take over the account's mail); the old address is
then told, so a change nobody asked for does not go unnoticed. Operations flush, never
commit.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app

from groupapp.accounts.models import User
from groupapp.accounts.services import Address, find_user_by_email, normalise_email
from groupapp.accounts.tokens import make_token, read_token
from groupapp.audit import services as audit
from groupapp.core import outbox
from groupapp.core.actions import Refusal
from groupapp.core.i18n import supported_or_default
from groupapp.db import db, utcnow

CONFIRM_KIND = "email_change_confirm"
CHANGED_KIND = "email_changed"


class EmailTaken(Refusal):
    """The new address already belongs to another account."""

    def __init__(self) -> None:
        super().__init__("That address already belongs to another account.")


def update_profile(user: User, display_name: str, timezone: str, locale: str | None = None) -> None:
    """Set the name others see, the zone times are shown in (an offered IANA name) and,
    when given, the language of pages and email (a code of ``SUPPORTED_LOCALES``)."""
    user.display_name = display_name.strip()
    user.timezone = timezone
    if locale is not None:
        user.locale = supported_or_default(locale)
    audit.record("accounts.profile.changed", user, subject_user_id=user.id)
    db.session.flush()


def _at(user: User, email: str) -> Any:
    return Address(email, user.organisation_id, user.id)


def _moment() -> int:
    return int(utcnow().timestamp() * 1000)


def request_email_change(user: User, new_email: str) -> str:
    """Remember ``new_email`` (normalised) as pending and send a confirmation link to it.

    Returns the normalised address. Raises ``EmailTaken`` when another account uses it.
    A later request replaces the pending address, so earlier links stop working.
    """
    email = normalise_email(new_email)
    other = find_user_by_email(email)
    if other is not None and other.id != user.id:
        raise EmailTaken()
    user.pending_email = email
    audit.record("accounts.email.change_requested", user, subject_user_id=user.id)
    outbox.enqueue(CONFIRM_KIND, _at(user, email), f"{CONFIRM_KIND}:{user.id}:{_moment()}")
    db.session.flush()
    return email


def _fingerprint(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def email_change_token(user: User) -> str:
    """The signed link token for the user's pending address (the address is not in it)."""
    return make_token("email-change", {"u": user.id, "e": _fingerprint(user.pending_email or "")})


def user_for_email_token(token: str) -> User | None:
    """The user whose pending address this token confirms, or None (expired, tampered,
    replaced by a later request or already used)."""
    max_age = int(current_app.config.get("EMAIL_CHANGE_MAX_AGE_HOURS", 24) * 3600)
    payload = read_token("email-change", token, max_age)
    if not isinstance(payload, dict):
        return None
    user = db.session.get(User, payload.get("u"))
    if user is None or not user.active or not user.pending_email:
        return None
    return user if payload.get("e") == _fingerprint(user.pending_email) else None


def confirm_email_change(user: User) -> None:
    """Make the pending address the account's address and tell the old one.

    Raises ``EmailTaken`` when another account took the address in the meantime.
    """
    email = user.pending_email
    assert email is not None
    other = find_user_by_email(email)
    if other is not None and other.id != user.id:
        raise EmailTaken()
    old = user.email
    user.email = email
    user.pending_email = None
    db.session.flush()
    outbox.enqueue(CHANGED_KIND, _at(user, old), f"{CHANGED_KIND}:{user.id}:{_moment()}")
    audit.record("accounts.email.changed", user, subject_user_id=user.id)
    db.session.flush()


def masked(email: str) -> str:
    """``s***@example.org``: enough for the owner to recognise, little for anyone else."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
