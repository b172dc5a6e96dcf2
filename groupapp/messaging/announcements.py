"""Posting, editing and withdrawing announcements, and the lists members read."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_cohort_ids, joined_user_ids
from groupapp.cohorts.models import Cohort
from groupapp.core.actions import Refusal
from groupapp.core.i18n import DEFAULT_LOCALE, current_locale
from groupapp.core.pagination import KeysetPage, keyset_page
from groupapp.core.text import multi_line, single_line
from groupapp.db import db, utcnow
from groupapp.messaging.models import BODY_MAX, SUBJECT_MAX, Announcement
from groupapp.messaging.outbox_rows import queue_for

POSTED = "announcement_posted"
SPANISH = "es"
PAGE_SIZE = 20


class AnnouncementRefused(Refusal):
    """The announcement cannot be saved as written (the message says why)."""


@dataclass(frozen=True)
class AnnouncementText:
    """What the facilitator wrote: one-line subject, text with line breaks, and an optional
    Spanish version of both (empty: Spanish readers read the English)."""

    subject: str
    body: str
    pinned: bool = False
    text_in_email: bool = False
    spanish_subject: str = ""
    spanish_body: str = ""


def _checked(subject: str, body: str, spanish: bool = False) -> tuple[str, str]:
    """``subject`` and ``body`` cleaned; ``spanish`` when they are the Spanish version."""
    subject = single_line(subject or "")
    body = multi_line(body or "").strip()
    if len(subject) > SUBJECT_MAX:
        raise AnnouncementRefused(_too_long(spanish, "subject", SUBJECT_MAX))
    if len(body) > BODY_MAX:
        raise AnnouncementRefused(_too_long(spanish, "text", BODY_MAX))
    return subject, body


def _too_long(spanish: bool, part: str, limit: int) -> str:
    shown = format_number(limit)
    if part == "subject":
        if spanish:
            return _("The Spanish subject is longer than %(limit)s characters.", limit=shown)
        return _("The subject is longer than %(limit)s characters.", limit=shown)
    if spanish:
        return _("The Spanish text is longer than %(limit)s characters.", limit=shown)
    return _("The text is longer than %(limit)s characters.", limit=shown)


def _clean(text: AnnouncementText) -> AnnouncementText:
    subject, body = _checked(text.subject, text.body)
    if not subject:
        raise AnnouncementRefused(_("Give the announcement a subject."))
    if not body:
        raise AnnouncementRefused(_("Write the announcement's text."))
    spanish_subject, spanish_body = _checked(text.spanish_subject, text.spanish_body, spanish=True)
    if bool(spanish_subject) != bool(spanish_body):
        raise AnnouncementRefused(
            _("Give the Spanish version both a subject and a text, or leave both empty.")
        )
    return AnnouncementText(
        subject,
        body,
        bool(text.pinned),
        bool(text.text_in_email),
        spanish_subject,
        spanish_body,
    )


def _translations(clean: AnnouncementText) -> dict[str, dict[str, str]] | None:
    if not clean.spanish_subject:
        return None
    return {SPANISH: {"subject": clean.spanish_subject, "body": clean.spanish_body}}


@dataclass(frozen=True)
class AnnouncementWords:
    """An announcement as one reader reads it: subject, text and their language."""

    subject: str
    body: str
    language: str


def words_for_reader(announcement: Announcement, language: str) -> AnnouncementWords:
    """The announcement in ``language`` when it has that version, else the original."""
    own = (announcement.translations or {}).get(language) or {}
    if language != DEFAULT_LOCALE and own.get("subject") and own.get("body"):
        return AnnouncementWords(own["subject"], own["body"], language)
    return AnnouncementWords(announcement.subject, announcement.body, DEFAULT_LOCALE)


def announcement_words(announcement: Announcement) -> AnnouncementWords:
    """The announcement in the language being rendered (a page's reader, an email's
    recipient)."""
    return words_for_reader(announcement, current_locale())


def post(cohort: Cohort, author: User, text: AnnouncementText) -> Announcement:
    """Save an announcement and queue one email to each joined member.

    Raises ``AnnouncementRefused`` for an empty or too long subject or text, or a Spanish
    version with only one of the two. The email
    carries the text only when ``text_in_email`` is set (see ``messaging.emails``).
    """
    clean = _clean(text)
    announcement = Announcement(
        cohort_id=cohort.id,
        author_id=author.id,
        subject=clean.subject,
        body=clean.body,
        pinned=clean.pinned,
        text_in_email=clean.text_in_email,
        translations=_translations(clean),
    )
    db.session.add(announcement)
    db.session.flush()
    members = db.session.scalars(
        sa.select(User).where(User.id.in_(joined_user_ids(cohort.id)), User.active)
    ).all()
    queue_for(POSTED, members, str(announcement.id), {"announcement_id": announcement.id})
    return announcement


def edit(announcement: Announcement, editor: User, text: AnnouncementText) -> Announcement:
    """Change an announcement's subject, text or pin (no second email is sent).

    Raises ``AnnouncementRefused`` for a withdrawn announcement or invalid text.
    """
    if announcement.withdrawn:
        raise AnnouncementRefused(_("This announcement was withdrawn; post a new one instead."))
    clean = _clean(text)
    announcement.subject = clean.subject
    announcement.body = clean.body
    announcement.pinned = clean.pinned
    announcement.translations = _translations(clean)
    announcement.edited_at = utcnow()
    announcement.edited_by_id = editor.id
    db.session.flush()
    return announcement


def withdraw(announcement: Announcement, by: User) -> Announcement:
    """Take an announcement back: members no longer see it, unsent emails are skipped."""
    if not announcement.withdrawn:
        announcement.withdrawn_at = utcnow()
        announcement.withdrawn_by_id = by.id
        db.session.flush()
    return announcement


def cohort_page(cohort_id: int, cursor: str | None, staff: bool) -> KeysetPage[Announcement]:
    """A page of a cohort's announcements, newest first (staff also see withdrawn ones)."""
    query = (
        sa.select(Announcement)
        .options(joinedload(Announcement.author))
        .where(Announcement.cohort_id == cohort_id)
    )
    if not staff:
        query = query.where(Announcement.withdrawn_at.is_(None))
    columns = (Announcement.created_at, Announcement.id)
    return keyset_page(
        query, columns, cursor, PAGE_SIZE, lambda a: (a.created_at, a.id), descending=True
    )


def recent_for_member(user: User, limit: int = 3) -> list[Announcement]:
    """The newest announcements of every cohort ``user`` has joined, pinned ones first."""
    return list(
        db.session.scalars(
            sa.select(Announcement)
            .options(joinedload(Announcement.cohort))
            .where(
                Announcement.cohort_id.in_(joined_cohort_ids(user.id)),
                Announcement.withdrawn_at.is_(None),
            )
            .order_by(Announcement.pinned.desc(), Announcement.created_at.desc())
            .limit(limit)
        )
    )
