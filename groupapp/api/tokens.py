"""Issuing, checking and revoking API tokens. They flush, never commit.

A token is 32 random bytes (URL-safe text); the database keeps only its SHA-256 hash, so
lookups are by hash and a leaked table is worthless. Signing in for a token follows the
login form's rules: the same password check, the second factor when the person has one,
and the same audit rows.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from groupapp.accounts import services as accounts
from groupapp.accounts import two_factor
from groupapp.accounts.models import User
from groupapp.api.models import ApiToken
from groupapp.audit.services import record
from groupapp.core.actions import Refusal
from groupapp.db import db, utcnow

# A token's last use is written at most this often, so busy clients do not write each call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class SignInRefused(Refusal):
    """Wrong email or password, or a missing or wrong second factor."""

    def __init__(self, message: str, *, needs_second_factor: bool = False) -> None:
        super().__init__(message)
        self.needs_second_factor = needs_second_factor


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``secret`` is shown to the client once and never stored."""

    secret: str
    row: ApiToken


def hash_secret(secret: str) -> str:
    """The stored form of a token: 64 hex characters."""
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(user: User, client: str = "") -> IssuedToken:
    """A new token for ``user`` that expires after ``API_TOKEN_MAX_AGE_DAYS``."""
    secret = secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        token_hash=hash_secret(secret),
        client=client[:200],
        expires_at=utcnow() + timedelta(days=current_app.config["API_TOKEN_MAX_AGE_DAYS"]),
    )
    db.session.add(row)
    db.session.flush()
    record("api.token.create", row, subject_user_id=user.id)
    return IssuedToken(secret, row)


def check_credentials(email: str, password: str, code: str | None) -> User:
    """The person these credentials sign in, checked as the login form checks them.

    Raises ``SignInRefused`` (never saying whether the email or the password was wrong)
    after recording the failed attempt, as the login form does.
    """
    user = accounts.authenticate(email, password)
    if user is None:
        accounts.record_failed_login(email)
        raise SignInRefused(_("That email and password do not match an active account."))
    if user.totp_secret:
        if not code:
            raise SignInRefused(
                _("This account uses two-factor authentication: send the code as totp."),
                needs_second_factor=True,
            )
        if not two_factor.verify_second_factor(user, code):
            record(
                "accounts.second_factor.failed",
                user,
                subject_user_id=user.id,
                organisation_id=user.organisation_id,
            )
            raise SignInRefused(_("That code did not work."), needs_second_factor=True)
    return user


def sign_in(user: User, client: str = "") -> IssuedToken:
    """Record the sign-in and issue a token (call with ``user`` as the current user)."""
    record("accounts.login", user, subject_user_id=user.id)
    return issue(user, client)


def mark_used(secret: str) -> None:
    """Stamp the token's last use (one statement; at most once per minute per token)."""
    now = utcnow()
    db.session.execute(
        sa.update(ApiToken)
        .where(
            ApiToken.token_hash == hash_secret(secret),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
            sa.or_(
                ApiToken.last_used_at.is_(None),
                ApiToken.last_used_at < now - LAST_USED_RESOLUTION,
            ),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


def user_for_secret(secret: str) -> tuple[User, ApiToken] | None:
    """The active user and live token behind ``secret``, or None (one statement)."""
    found = db.session.execute(
        sa.select(User, ApiToken)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.token_hash == hash_secret(secret),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > utcnow(),
            User.active.is_(True),
        )
    ).first()
    if found is None:
        return None
    user, token = found
    return user, token


def revoke(token: ApiToken) -> None:
    """End a token now; the client gets 401 from its next call."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record("api.token.revoke", token, subject_user_id=token.user_id)
    db.session.flush()


def tokens_of(user: User) -> list[ApiToken]:
    """The user's live tokens, newest first (one statement)."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(
                ApiToken.user_id == user.id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > utcnow(),
            )
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )
