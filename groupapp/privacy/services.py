"""Publishing privacy notices, and asking for, completing or declining deletion."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from groupapp.accounts.models import User
from groupapp.audit import services as audit
from groupapp.core import outbox
from groupapp.core.i18n import DEFAULT_LOCALE
from groupapp.core.personal_data import erase_user
from groupapp.db import db, read_scalar, utcnow
from groupapp.privacy import consent, emails
from groupapp.privacy.models import DeletionRequest, PrivacyNotice

NOTICE = "privacy_notice"
SPANISH = "es"


@dataclass(frozen=True)
class NoticeWords:
    """The notice as one reader reads it, and the language it is in."""

    body: str
    language: str


def notice_for_reader(notice: PrivacyNotice, language: str | None) -> NoticeWords:
    """The notice in ``language`` when it has that version, else as written (English)."""
    translated = (notice.translations or {}).get(language or DEFAULT_LOCALE, "")
    if language != DEFAULT_LOCALE and translated:
        return NoticeWords(translated, str(language))
    return NoticeWords(notice.body, DEFAULT_LOCALE)


class DeletionError(ValueError):
    """A deletion step that does not apply to the request's current state."""


def current_notice(organisation_id: int) -> PrivacyNotice | None:
    return db.session.scalar(
        sa.select(PrivacyNotice)
        .where(PrivacyNotice.organisation_id == organisation_id)
        .order_by(PrivacyNotice.version.desc())
        .limit(1)
    )


def _current_notice_version(organisation_id: int | None) -> int | None:
    notice = current_notice(organisation_id) if organisation_id is not None else None
    return notice.version if notice else None


consent.register_document(NOTICE, _current_notice_version)


def publish_notice(admin: User, body: str, spanish: str = "") -> PrivacyNotice:
    """A new version of the organisation's notice, with its Spanish version when given
    ("": Spanish readers read the English); participants are asked to accept it."""
    latest = _current_notice_version(admin.organisation_id) or 0
    notice = PrivacyNotice(
        organisation_id=admin.organisation_id,
        version=latest + 1,
        body=body.strip(),
        translations={SPANISH: spanish.strip()} if spanish.strip() else None,
        published_by_id=admin.id,
    )
    db.session.add(notice)
    db.session.flush()
    audit.record("privacy.notice.published", notice, reason=f"version {notice.version}")
    return notice


def needs_notice_acceptance(user: User) -> bool:
    """Whether ``user`` (a participant) has yet to accept the organisation's current
    notice: one statement, as every page a participant opens asks it first."""
    if user.role != "participant":
        return False
    values = {"user_id": user.id, "organisation_id": user.organisation_id}
    return bool(read_scalar(_needs_acceptance_statement(), values))


@functools.cache
def _needs_acceptance_statement() -> sa.Select[bool]:
    # Built once: a participant's every request asks it.
    organisation: sa.BindParameter[int] = sa.bindparam("organisation_id")
    accepted = consent.accepted_version_expression(sa.bindparam("user_id"), NOTICE, organisation)
    newer = sa.exists().where(
        PrivacyNotice.organisation_id == organisation,
        PrivacyNotice.version > sa.func.coalesce(accepted, 0),
    )
    return sa.select(newer)


def pending_request(user: User) -> DeletionRequest | None:
    return db.session.scalar(
        sa.select(DeletionRequest).where(
            DeletionRequest.user_id == user.id, DeletionRequest.status == "pending"
        )
    )


def latest_request(user: User) -> DeletionRequest | None:
    return db.session.scalar(
        sa.select(DeletionRequest)
        .where(DeletionRequest.user_id == user.id)
        .order_by(DeletionRequest.created_at.desc(), DeletionRequest.id.desc())
        .limit(1)
    )


def request_deletion(user: User, note: str) -> DeletionRequest:
    """Open a deletion request (one pending request at a time)."""
    existing = pending_request(user)
    if existing is not None:
        return existing
    request = DeletionRequest(
        organisation_id=user.organisation_id, user_id=user.id, note=note.strip()
    )
    db.session.add(request)
    db.session.flush()
    audit.record("privacy.deletion.requested", request, subject_user_id=user.id)
    admins = db.session.scalars(
        sa.select(User).where(
            User.organisation_id == user.organisation_id, User.role == "admin", User.active
        )
    )
    for admin in admins:
        outbox.enqueue(
            emails.REQUESTED,
            admin,
            f"{emails.REQUESTED}:{request.id}:{admin.id}",
            {"request_id": request.id},
        )
    return request


def anonymise_account(user: User) -> None:
    """Keep the row (cohort statistics and the audit log refer to it), drop who it was."""
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.display_name = "Former member"
    user.password_hash = None
    user.active = False
    user.timezone = "UTC"
    user.last_login_at = None
    user.erased_at = utcnow()
    user.end_all_sessions()


def _decide(request: DeletionRequest, admin: User, status: str, reason: str) -> None:
    if request.status != "pending":
        raise DeletionError(_("This request was already decided."))
    request.status = status
    request.decided_by_id = admin.id
    request.decided_at = utcnow()
    request.decision_reason = reason.strip()


def _tell_the_person(request: DeletionRequest) -> None:
    # Queued after the erasure (which drops the person's pending messages) and before the
    # anonymising: the address is taken now, the text is built at send time.
    outbox.enqueue(
        emails.DECIDED, request.user, f"{emails.DECIDED}:{request.id}", {"request_id": request.id}
    )


def complete_deletion(request: DeletionRequest, admin: User, reason: str) -> None:
    """Run every domain's erase for the person, then anonymise their account."""
    _decide(request, admin, "completed", reason)
    user = request.user
    erase_user(user)
    _tell_the_person(request)
    anonymise_account(user)
    request.note = ""
    audit.record(
        "privacy.deletion.completed", request, subject_user_id=user.id, reason=reason.strip()
    )


def decline_deletion(request: DeletionRequest, admin: User, reason: str) -> None:
    _decide(request, admin, "declined", reason)
    _tell_the_person(request)
    audit.record(
        "privacy.deletion.declined",
        request,
        subject_user_id=request.user_id,
        reason=reason.strip(),
    )
