"""Builders for the reminders a facilitator's nudge sends.

Each returns None once the reminder stopped being true (handed in, answered, cancelled,
the person left), so a nudge that waited in the queue never nags someone who is done.
"""

from __future__ import annotations

from groupapp.core.mail import EmailContent
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db
from groupapp.homework.models import Submission
from groupapp.notifications.emails import _build_checkin, _render, is_member, recipient
from groupapp.notifications.nudges import CHECKIN_KIND, HOMEWORK_KIND, NOT_HANDED_IN


@message_builder(HOMEWORK_KIND)
def build_homework_reminder(message: OutboxMessage) -> EmailContent | None:
    user = recipient(message)
    submission = db.session.get(Submission, message.params.get("submission_id"))
    if user is None or submission is None or submission.user_id != user.id:
        return None
    assignment = submission.assignment
    still_open = submission.status in NOT_HANDED_IN and not assignment.is_cancelled
    if not still_open or not is_member(user, assignment.cohort_id, message):
        return None
    due = assignment.due_at
    return _render(
        "homework_reminder",
        user,
        assignment.cohort,
        assignment=assignment,
        due=format_for_viewer(due, user.timezone) if due else None,
        link=external_url("homework.fill", submission_id=submission.id),
    )


@message_builder(CHECKIN_KIND)
def build_checkin_reminder(message: OutboxMessage) -> EmailContent | None:
    return _build_checkin(message, "checkin_reminder")
