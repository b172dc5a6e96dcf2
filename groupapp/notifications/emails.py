"""Builders for the kinds this package writes: reminders, alerts and check-in notices.

Each returns None when the message stopped being true before it was sent (the meeting
moved or was cancelled, the flag was cleared, the alert acknowledged, the check-in
answered), so nobody reads stale news.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule, RiskAlert
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db, utcnow
from groupapp.meetings.emails import ics_attachment
from groupapp.meetings.models import AbsenceFlag, Attendance, Meeting
from groupapp.notifications.scanners.attendance import KIND as ABSENCE_KIND
from groupapp.notifications.scanners.checkins import CLOSING_KIND, OPEN_KIND
from groupapp.notifications.scanners.meetings import KIND as REMINDER_KIND
from groupapp.notifications.scanners.risk import ESCALATION_KIND


def recipient(message: OutboxMessage) -> User | None:
    """The row's recipient while still active and at the same address."""
    user = db.session.get(User, message.recipient_id)
    if user is None or not user.active or user.email != message.recipient_email:
        return None
    return user


def is_member(user: User, cohort_id: int) -> bool:
    """True while ``user`` is a member who has joined the cohort (and not left)."""
    found = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.user_id == user.id, Membership.cohort_id == cohort_id, joined_clause()
        )
    )
    return found is not None


def sent_apologies(meeting: Meeting, user: User) -> bool:
    """True when ``user`` told the group in advance they cannot come to ``meeting``."""
    return (
        db.session.scalar(
            sa.select(Attendance.id).where(
                Attendance.meeting_id == meeting.id,
                Attendance.user_id == user.id,
                Attendance.is_apology.is_(True),
            )
        )
        is not None
    )


def time_until(left: timedelta) -> str:
    """How long until a meeting, as an email says it: "in about 64 hours".

    Rounded to the nearest hour from two hours on, to five minutes below that.
    """
    minutes = left / timedelta(minutes=1)
    if minutes >= 120:
        return f"in about {round(minutes / 60)} hours"
    if minutes >= 7.5:
        return f"in about {5 * round(minutes / 5)} minutes"
    return "in a few minutes"


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


@message_builder(REMINDER_KIND)
def build_meeting_reminder(message: OutboxMessage) -> EmailContent | None:
    user = recipient(message)
    meeting = db.session.get(Meeting, message.params.get("meeting_id"))
    if user is None or meeting is None or meeting.status != "scheduled":
        return None
    planned = datetime.fromisoformat(message.params["starts_at"])
    if meeting.starts_at != planned or meeting.starts_at <= utcnow():
        return None  # moved (its new time has its own reminders) or already started
    cohort = meeting.cohort
    staff = user.id in cohort.facilitator_ids()
    if not staff and (not is_member(user, cohort.id) or sent_apologies(meeting, user)):
        return None
    content = _render(
        "meeting_reminder",
        user,
        cohort,
        meeting=meeting,
        staff=staff,
        when=format_for_viewer(meeting.starts_at, user.timezone),
        # The real time left when it is sent, not the offset it was written for.
        interval=time_until(meeting.starts_at - utcnow()),
        link=external_url("meetings.detail", meeting_id=meeting.id),
    )
    content.attachments.append(ics_attachment(meeting))
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
    if answered is not None or not is_member(user, schedule.cohort_id):
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
