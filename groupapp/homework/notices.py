"""Homework emails: assigned, due soon, overdue and feedback received.

Services enqueue outbox rows (IDs only, one dedupe key per message); the builders below
render them at send time and return ``None`` when the message no longer applies, e.g.
a "due soon" reminder for homework already handed in.
"""

from __future__ import annotations

from datetime import timedelta

from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, enqueue, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db, utcnow
from groupapp.homework.models import DRAFT, REVISION_REQUESTED, TO_DO, Feedback, Submission

ASSIGNED = "homework_assigned"
DUE_SOON = "homework_due_soon"
OVERDUE = "homework_overdue"
FEEDBACK = "homework_feedback"
KINDS = (ASSIGNED, DUE_SOON, OVERDUE, FEEDBACK)

#: How long before the due time the "due soon" reminder goes out.
DUE_SOON_BEFORE = timedelta(hours=24)


def homework_given(submission: Submission) -> None:
    """Queue the "assigned" message and the "due soon" reminder.

    Overdue nudges are not queued here: the notifications scanner writes them at the
    offsets each cohort chooses (and the builder below renders them), so a participant
    is never nudged twice for the same moment.
    """
    user = submission.user
    params = {"submission_id": submission.id}
    enqueue(ASSIGNED, user, f"{ASSIGNED}:{submission.id}", params)
    due = submission.assignment.due_at
    if due is None:
        return
    reminder_at = due - DUE_SOON_BEFORE
    if reminder_at > utcnow():
        enqueue(DUE_SOON, user, f"{DUE_SOON}:{submission.id}", params, send_after=reminder_at)


def feedback_given(feedback: Feedback) -> None:
    """Queue the "feedback received" message for the participant."""
    submission = feedback.submission
    enqueue(
        FEEDBACK,
        submission.user,
        f"{FEEDBACK}:{feedback.id}",
        {"submission_id": submission.id, "feedback_id": feedback.id},
    )


def _load(message: OutboxMessage) -> Submission | None:
    submission = db.session.get(Submission, message.params.get("submission_id"))
    if submission is None or not submission.user.active:
        return None
    return submission


def _render(name: str, submission: Submission, **extra: object) -> EmailContent:
    user = submission.user
    due = submission.assignment.due_at
    return render_email(
        f"homework/{name}",
        user=user,
        assignment=submission.assignment,
        cohort=submission.assignment.cohort,
        organisation_name=user.organisation.name,
        due=format_for_viewer(due, user.timezone) if due else None,
        link=external_url("homework.fill", submission_id=submission.id),
        **extra,
    )


@message_builder(ASSIGNED)
def build_assigned(message: OutboxMessage) -> EmailContent | None:
    submission = _load(message)
    return _render("assigned", submission) if submission else None


@message_builder(DUE_SOON)
def build_due_soon(message: OutboxMessage) -> EmailContent | None:
    submission = _load(message)
    if submission is None or submission.status not in (TO_DO, DRAFT, REVISION_REQUESTED):
        return None
    return _render("due_soon", submission)


@message_builder(OVERDUE)
def build_overdue(message: OutboxMessage) -> EmailContent | None:
    submission = _load(message)
    if submission is None or not submission.is_overdue():
        return None
    return _render("overdue", submission)


@message_builder(FEEDBACK)
def build_feedback(message: OutboxMessage) -> EmailContent | None:
    submission = _load(message)
    feedback = db.session.get(Feedback, message.params.get("feedback_id"))
    if submission is None or feedback is None:
        return None
    # The text of the comment stays in the app: email says only that there is one.
    return _render("feedback", submission, feedback=feedback)
