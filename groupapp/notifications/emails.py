"""Builders for the kinds this package writes: reminders, alerts and check-in notices.

Each returns None when the message stopped being true before it was sent (the meeting
moved or was cancelled, the flag was cleared, the alert acknowledged, the check-in
answered), so nobody reads stale news.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext, ngettext

from groupapp.accounts.models import User
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule, RiskAlert
from groupapp.cohorts.meeting_emails import ics_attachment
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core import send_batch
from groupapp.core.i18n import current_locale
from groupapp.core.mail import EmailContent, EmailPiece, render_email, render_piece
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db, utcnow
from groupapp.meetings.models import AbsenceFlag, Attendance, Meeting
from groupapp.notifications.scanners.attendance import KIND as ABSENCE_KIND
from groupapp.notifications.scanners.checkins import CLOSING_KIND, OPEN_KIND
from groupapp.notifications.scanners.meetings import KIND as REMINDER_KIND
from groupapp.notifications.scanners.risk import ESCALATION_KIND


def recipient(message: OutboxMessage) -> User | None:
    """The row's recipient while still active and at the same address."""
    user: User | None = send_batch.recipient_of(message)
    if user is None or not user.active or user.email != message.recipient_email:
        return None
    return user


def _joined(rows: Sequence[OutboxMessage]) -> set[tuple[int, int]]:
    """(person, cohort) pairs where a recipient of ``rows`` has joined a cohort."""
    ids = send_batch.recipient_ids(rows)
    if not ids:
        return set()
    found = db.session.execute(
        sa.select(Membership.user_id, Membership.cohort_id).where(
            Membership.user_id.in_(ids), joined_clause()
        )
    )
    return {(user_id, cohort_id) for user_id, cohort_id in found}


def is_member(user: User, cohort_id: int, message: OutboxMessage) -> bool:
    """True while ``user`` (``message``'s recipient) has joined the cohort and not left."""
    return (user.id, cohort_id) in send_batch.batched(_joined, message)


def _meetings(rows: Sequence[OutboxMessage]) -> dict[int, Meeting]:
    """The rows' meetings with their cohorts, organisations and facilitators."""
    ids = send_batch.ids_in(rows, "meeting_id")
    if not ids:
        return {}
    found = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.id.in_(ids))
        .options(
            sa.orm.joinedload(Meeting.cohort).options(
                sa.orm.joinedload(Cohort.organisation),
                sa.orm.selectinload(Cohort.facilitator_links).joinedload(CohortFacilitator.user),
            )
        )
    )
    return {meeting.id: meeting for meeting in found}


def _apologies(rows: Sequence[OutboxMessage]) -> set[tuple[int, int]]:
    """(meeting, person) pairs where a recipient sent apologies for a row's meeting."""
    meeting_ids = send_batch.ids_in(rows, "meeting_id")
    if not meeting_ids:
        return set()
    found = db.session.execute(
        sa.select(Attendance.meeting_id, Attendance.user_id).where(
            Attendance.meeting_id.in_(meeting_ids),
            Attendance.user_id.in_(send_batch.recipient_ids(rows)),
            Attendance.is_apology.is_(True),
        )
    )
    return {(meeting_id, user_id) for meeting_id, user_id in found}


def sent_apologies(meeting: Meeting, user: User, message: OutboxMessage) -> bool:
    """True when ``user`` told the group in advance they cannot come to ``meeting``."""
    return (meeting.id, user.id) in send_batch.batched(_apologies, message)


def time_until(left: timedelta) -> str:
    """How long until a meeting, as an email says it: "in about 64 hours".

    Rounded to the nearest hour from two hours on, to five minutes below that.
    """
    minutes = left / timedelta(minutes=1)
    if minutes >= 120:
        hours = round(minutes / 60)
        return ngettext("in about %(num)d hour", "in about %(num)d hours", hours)
    if minutes >= 7.5:
        rounded = 5 * round(minutes / 5)
        return ngettext("in about %(num)d minute", "in about %(num)d minutes", rounded)
    return gettext("in a few minutes")


def _render(template: str, user: User, cohort: Cohort, **context: object) -> EmailContent:
    content = render_email(
        f"notifications/{template}",
        user=user,
        cohort=cohort,
        organisation_name=cohort.organisation.name,
        **context,
    )
    content.reply_to = cohort.reply_to_email
    return content


def _reminder_details(meeting: Meeting, zone: str, staff: bool) -> tuple[str, EmailPiece]:
    """The meeting's time in ``zone`` and what its reminder says after the greeting, in
    the language being rendered.

    The same words for everyone of the batch who reads the reminder in that language and
    zone (``staff`` or not), so they are rendered once for all of them; only the greeting
    and the time left are written for each recipient.
    """

    def make() -> tuple[str, EmailPiece]:
        when = format_for_viewer(meeting.starts_at, zone)
        details = render_piece(
            "notifications/_meeting_reminder_details",
            meeting=meeting,
            cohort=meeting.cohort,
            when=when,
            staff=staff,
            link=external_url("meetings.detail", meeting_id=meeting.id),
        )
        return when, details

    key = ("meeting_reminder.details", meeting.id, current_locale(), zone, staff)
    return send_batch.memo(key, make)


@message_builder(REMINDER_KIND)
def build_meeting_reminder(message: OutboxMessage) -> EmailContent | None:
    user = recipient(message)
    meeting = send_batch.batched(_meetings, message).get(message.params.get("meeting_id") or 0)
    if user is None or meeting is None or meeting.status != "scheduled":
        return None
    planned = datetime.fromisoformat(message.params["starts_at"])
    if meeting.starts_at != planned or meeting.starts_at <= utcnow():
        return None  # moved (its new time has its own reminders) or already started
    cohort = meeting.cohort
    staff = user.id in cohort.facilitator_ids()
    if not staff and (
        not is_member(user, cohort.id, message) or sent_apologies(meeting, user, message)
    ):
        return None
    when, details = _reminder_details(meeting, user.timezone, staff)
    content = _render(
        "meeting_reminder",
        user,
        cohort,
        when=when,
        details=details,
        # The real time left when it is sent, not the offset it was written for.
        interval=time_until(meeting.starts_at - utcnow()),
    )
    # One calendar file per meeting and version, whoever it goes to.
    key = ("meeting.ics", meeting.id, meeting.sequence)
    content.attachments.append(send_batch.memo(key, lambda: ics_attachment(meeting)))
    return content


@message_builder(ABSENCE_KIND)
def build_absence_alert(message: OutboxMessage) -> EmailContent | None:
    user = recipient(message)
    flag = db.session.get(AbsenceFlag, message.params.get("flag_id"))
    if user is None or flag is None or flag.cleared_at is not None:
        return None
    if user.id not in flag.cohort.facilitator_ids():
        return None
    return _render(
        "absence_alert",
        user,
        flag.cohort,
        member=flag.user,
        streak=flag.streak,
        link=external_url("cohorts.detail", cohort_id=flag.cohort_id),
    )


@message_builder(ESCALATION_KIND)
def build_risk_escalation(message: OutboxMessage) -> EmailContent | None:
    """To the organisation's admins: no names, no answers, only the link to the alert."""
    user = recipient(message)
    alert = db.session.get(RiskAlert, message.params.get("alert_id"))
    if user is None or alert is None or not alert.is_open or not user.is_admin:
        return None
    if user.organisation_id != alert.organisation_id:
        return None
    content = _render(
        "risk_escalation",
        user,
        alert.cohort,
        raised=format_for_viewer(alert.created_at, user.timezone),
        link=external_url("assessments.alert", alert_id=alert.id),
    )
    content.reply_to = None  # the admins act; nobody should reply with details
    return content


def _checkin(message: OutboxMessage) -> tuple[User, AssessmentSchedule] | None:
    user = recipient(message)
    schedule = db.session.get(AssessmentSchedule, message.params.get("schedule_id"))
    if user is None or schedule is None:
        return None
    answered = db.session.scalar(
        sa.select(AssessmentResponse.id).where(
            AssessmentResponse.user_id == user.id,
            AssessmentResponse.cohort_id == schedule.cohort_id,
            AssessmentResponse.instrument_id == schedule.instrument_id,
            AssessmentResponse.occurrence_key == message.params.get("key"),
            AssessmentResponse.status == "submitted",
        )
    )
    if answered is not None or not is_member(user, schedule.cohort_id, message):
        return None
    return user, schedule


def _build_checkin(message: OutboxMessage, template: str) -> EmailContent | None:
    found = _checkin(message)
    if found is None:
        return None
    user, schedule = found
    closes_at = message.params.get("closes_at")  # rows written before it was stored lack it
    closes = datetime.fromisoformat(closes_at) if closes_at else None
    return _render(
        template,
        user,
        schedule.cohort,
        instrument=schedule.instrument,
        closes=format_for_viewer(closes, user.timezone) if closes else None,
        link=external_url("assessments.answer", schedule_id=schedule.id, key=message.params["key"]),
    )


@message_builder(OPEN_KIND)
def build_checkin_open(message: OutboxMessage) -> EmailContent | None:
    return _build_checkin(message, "checkin_open")


@message_builder(CLOSING_KIND)
def build_checkin_closing(message: OutboxMessage) -> EmailContent | None:
    return _build_checkin(message, "checkin_closing")
