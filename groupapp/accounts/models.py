"""Organisations, people and the invitations that bring them in."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.core.i18n import N_
from groupapp.db import Model, TimestampMixin, UTCDateTime, utcnow

# "supporter": a participant's support person, who sees only what that person shares
# (groupapp.support).
ROLES = ("admin", "facilitator", "participant", "supporter")
STAFF_ROLES = ("admin", "facilitator")
# The roles as pages name them (translated where shown).
ROLE_WORDS = (N_("admin"), N_("facilitator"), N_("participant"))


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class Organisation(TimestampMixin, Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # Support lines shown beside a crisis notice, written by the organisation.
    crisis_support_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The support lines in other languages, ``{"es": ...}``; a language missing or empty:
    # its readers read the text above.
    crisis_support_translations: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    require_staff_2fa: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    users: Mapped[list[User]] = relationship(back_populates="organisation")


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    # Stored lower-cased, so uniqueness is case-insensitive on every database.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    # A new address waiting for its owner to open the confirmation link sent to it.
    pending_email: Mapped[str | None] = mapped_column(sa.String(254))
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    # The language of this person's pages and email: a code of core.i18n.SUPPORTED_LOCALES.
    locale: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of the login cookie: rotating it ends every session of this user on the server.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # The last TOTP time step accepted, so one code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # Set when the person's data was erased on request: the anonymised row stays (cohort
    # numbers and the audit log point to it) and is never reactivated or re-added.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The key shown during two-factor setup, kept until setup succeeds or is cancelled, so
    # the entry a person scanned keeps working after a wrong code, a reload or a new login.
    totp_pending_secret: Mapped[str | None] = mapped_column(sa.String(64))

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('admin', 'facilitator', 'participant', 'supporter')", name="role"
        ),
    )

    def get_id(self) -> str:
        return f"{self.id}.{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def end_all_sessions(self) -> None:
        """Invalidate every login cookie this user holds (logout, password change)."""
        self.session_token = new_session_token()


class Invitation(TimestampMixin, Model):
    """A single-use, expiring invitation to join an organisation (and maybe a cohort)."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    cohort_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    # Random part of the signed link; a new nonce revokes earlier links.
    nonce: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The invitee's language, chosen by the inviter: the email and the accept page use it
    # until the person has an account of their own.
    locale: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")

    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    # The group the invitation is to, if any (only its name is shown). Cohorts sit above
    # accounts, so the relationship names the class and the type is the shared base.
    cohort: Mapped[Model | None] = relationship("Cohort")

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()


class RecoveryCode(Model):
    """A single-use code that replaces the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RememberToken(Model):
    """One "keep me signed in" cookie: when it was issued, so it ends with the absolute limit.

    The cookie carries a random key; only its hash is stored. Rotating the user's
    ``session_token`` (logout, password change) makes every remember cookie worthless too.
    """

    __tablename__ = "remember_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsentRecord(Model):
    """Acceptance of a versioned document: the privacy notice or a group agreement."""

    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    document: Mapped[str] = mapped_column(sa.String(40))  # "privacy_notice", "group_agreement"
    document_ref: Mapped[int | None] = mapped_column()  # e.g. the cohort of a group agreement
    version: Mapped[int] = mapped_column()
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The language of the text the person read ("en", "es"); None: accepted before the
    # language was recorded, when every document was in English.
    language: Mapped[str | None] = mapped_column(sa.String(8))

    # One record per person, document and version, however many times it is sent; and
    # "who accepted this cohort's agreement" without reading every consent record.
    __table_args__ = (
        sa.UniqueConstraint("user_id", "document", "document_ref", "version"),
        sa.Index("ix_consent_records_document", "document", "document_ref", "user_id"),
    )
