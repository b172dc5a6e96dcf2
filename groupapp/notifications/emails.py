"""Builders for the kinds this package writes: reminders, alerts and check-in notices.

Each returns None when the message stopped being true before it was sent (the meeting
moved or was cancelled, the flag was cleared, the alert acknowledged, the check-in
answered), so nobody reads stale news.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule, RiskAlert
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db, utcnow
from groupapp.meetings.emails import ics_attachment
from groupapp.meetings.models import AbsenceFlag, Meeting
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


def is_in_cohort(user: User, cohort: Cohort) -> bool:
    if user.id in cohort.facilitator_ids():
        return True
    return any(m.user_id == user.id and m.status == "active" for m in cohort.memberships)


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
    if not is_in_cohort(user, cohort):
        return None
    content = _render(
        "meeting_reminder",
        user,
        cohort,
        meeting=meeting,
        when=format_for_viewer(meeting.starts_at, user.timezone),
        hours=message.params.get("minutes", 0) / 60,
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
    member = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.user_id == user.id,
            Membership.cohort_id == schedule.cohort_id,
            Membership.status == "active",
        )
    )
    if answered is not None or member is None:
        return None
    return user, schedule


def _build_checkin(message: OutboxMessage, template: str) -> EmailContent | None:
    found = _checkin(message)
    if found is None:
        return None
    user, schedule = found
    return _render(
        template,
        user,
        schedule.cohort,
        instrument=schedule.instrument,
        link=external_url("assessments.answer", schedule_id=schedule.id, key=message.params["key"]),
    )


@message_builder(OPEN_KIND)
def build_checkin_open(message: OutboxMessage) -> EmailContent | None:
    return _build_checkin(message, "checkin_open")


@message_builder(CLOSING_KIND)
def build_checkin_closing(message: OutboxMessage) -> EmailContent | None:
    return _build_checkin(message, "checkin_closing")
