"""Homework emails: assigned, due soon, overdue, feedback, due date moved and cancelled.

Services enqueue outbox rows (IDs only, one dedupe key per message); the builders below
render them at send time and return ``None`` when the message no longer applies, e.g.
a "due soon" reminder for homework already handed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, enqueue, enqueue_many, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db, utcnow
from groupapp.homework.models import (
    DRAFT,
    REVISION_REQUESTED,
    TO_DO,
    Assignment,
    Feedback,
    Submission,
)
from groupapp.homework.translations import title_as_rendered

ASSIGNED = "homework_assigned"
ASSIGNED_EMAIL = "assigned"  # templates/email/homework/assigned.txt|.html
DUE_SOON = "homework_due_soon"
OVERDUE = "homework_overdue"
FEEDBACK = "homework_feedback"
DUE_CHANGED = "homework_due_changed"
CANCELLED = "homework_cancelled"
KINDS = (ASSIGNED, DUE_SOON, OVERDUE, FEEDBACK, DUE_CHANGED, CANCELLED)

#: How long before the due time the "due soon" reminder goes out.
DUE_SOON_BEFORE = timedelta(hours=24)


def homework_given(assignment: Assignment, submissions: Sequence[Submission]) -> None:
    """Queue each new submission's "assigned" message and "due soon" reminder.

    Two statements (the recipients, then every message in one insert) plus the hand-over
    to the worker, however many submissions. Overdue nudges are not queued here: the
    notifications scanner writes them at the offsets each cohort chooses (and the builder
    below renders them), so a participant is never nudged twice for the same moment.
    """
    if not submissions:
        return
    people = {
        person.id: person
        for person in db.session.execute(
            sa.select(User.id, User.email, User.organisation_id).where(
                User.id.in_([sub.user_id for sub in submissions])
            )
        )
    }
    now, due = utcnow(), assignment.due_at
    soon = due is not None and due - DUE_SOON_BEFORE > now
    rows = []  # every row names the same columns, so the insert is one statement
    for sub in submissions:
        person = people[sub.user_id]
        to = {
            "recipient_id": person.id,
            "recipient_email": person.email,
            "organisation_id": person.organisation_id,
            "params": _params(sub),
        }
        rows.append(
            {
                "kind": ASSIGNED,
                "dedupe_key": f"{ASSIGNED}:{sub.id}",
                "send_after": now,
                "expires_at": None,
                **to,
            }
        )
        if soon and due is not None:
            rows.append(
                {
                    "kind": DUE_SOON,
                    "dedupe_key": f"{DUE_SOON}:{sub.id}",
                    "send_after": due - DUE_SOON_BEFORE,
                    "expires_at": due,
                    **to,
                }
            )
    enqueue_many(rows, hand_over=True)


def queue_due_soon(submission: Submission, change_id: int | None = None) -> None:
    """Queue the "due soon" reminder for the current due time, expiring at that time.

    The first reminder uses the key the scanner also writes (``homework_due_soon:<id>``),
    so both writers meet on one row. After the due time moved (``change_id``: the audit
    row of the move) that key is usually taken, so the new reminder gets its own key
    naming the new due time and the change.
    """
    due = submission.assignment.due_at
    if due is None or due - DUE_SOON_BEFORE <= utcnow():
        return
    key = f"{DUE_SOON}:{submission.id}"
    options = {"send_after": due - DUE_SOON_BEFORE, "expires_at": due}
    user, params = submission.user, _params(submission)
    if enqueue(DUE_SOON, user, key, params, **options) is None and change_id is not None:
        enqueue(DUE_SOON, user, f"{key}:{_stamp(due)}:{change_id}", params, **options)


def withdraw_due_soon(submissions: Sequence[Submission]) -> None:
    """Skip the queued "due soon" reminders of these submissions (the due time moved)."""
    if not submissions:
        return
    keys = [f"{DUE_SOON}:{sub.id}" for sub in submissions]
    db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.kind == DUE_SOON,
            OutboxMessage.status == "queued",
            sa.or_(
                OutboxMessage.dedupe_key.in_(keys),
                *(OutboxMessage.dedupe_key.like(f"{key}:%") for key in keys),
            ),
        )
        .values(status="skipped", last_error="due time moved")
    )


def due_changed(submission: Submission, change_id: int) -> None:
    """Tell the participant the homework is now due at another time (or has no due time)."""
    due = submission.assignment.due_at
    stamp = _stamp(due) if due else "none"
    key = f"{DUE_CHANGED}:{submission.user_id}:{submission.id}:{stamp}:{change_id}"
    enqueue(DUE_CHANGED, submission.user, key, {**_params(submission), "due": stamp})


def cancelled(submission: Submission) -> None:
    """Tell the participant the homework was cancelled."""
    key = f"{CANCELLED}:{submission.user_id}:{submission.id}"
    enqueue(CANCELLED, submission.user, key, _params(submission))


def _params(submission: Submission) -> dict[str, int]:
    return {"submission_id": submission.id}


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M}"


def _same_moment(first: datetime | None, second: datetime | None) -> bool:
    if first is None or second is None:
        return first is second
    return abs((first - second).total_seconds()) < 1


def feedback_given(feedback: Feedback) -> None:
    """Tell the participant there is feedback: one email per review of one hand-in.

    A comment and the note left when marking the work reviewed are one review of what
    was handed in, and the email only says where to read them (their text stays in
    the app), so the first of them sends it and the rest add nothing. A revision
    request asks for something new and is always told, and what follows it is a new
    review.
    """
    submission = feedback.submission
    # Each revision request ends a review; the feedback after it belongs to the next.
    earlier = sum(
        1 for f in submission.feedback if f.kind == "revision_request" and f.id != feedback.id
    )
    review = f"{FEEDBACK}:{submission.id}:review-{earlier + 1}"
    enqueue(
        FEEDBACK,
        submission.user,
        f"{review}:revision" if feedback.kind == "revision_request" else review,
        {"submission_id": submission.id, "feedback_id": feedback.id},
    )


def _load(message: OutboxMessage, cancelled: bool = False) -> Submission | None:
    """The message's submission, or None when the person left or the homework's state
    (cancelled or not) no longer matches what the message is about."""
    submission = db.session.get(Submission, message.params.get("submission_id"))
    if submission is None or not submission.user.active:
        return None
    if submission.assignment.is_cancelled != cancelled:
        return None
    return submission


def _render(
    name: str, submission: Submission, link: str | None = None, **extra: object
) -> EmailContent:
    return homework_email(
        name,
        submission.user,
        submission.assignment,
        submission.assignment.due_at,
        link or external_url("homework.fill", submission_id=submission.id),
        **extra,
    )


def homework_email(
    name: str, user: Any, assignment: Any, due: datetime | None, link: str, **extra: object
) -> EmailContent:
    """The homework email ``name`` (``templates/email/homework/<name>``) as ``user`` reads
    it: ``assignment`` needs ``title`` and ``cohort``, ``due`` (UTC) is shown in the
    reader's zone. The assign page's preview renders it for an assignment not made yet.
    A built-in homework's title is the one its page shows in the language being rendered."""
    return render_email(
        f"homework/{name}",
        user=user,
        assignment=assignment,
        title=title_as_rendered(assignment),
        cohort=assignment.cohort,
        organisation_name=user.organisation.name,
        due=format_for_viewer(due, user.timezone) if due else None,
        link=link,
        **extra,
    )


@message_builder(ASSIGNED)
def build_assigned(message: OutboxMessage) -> EmailContent | None:
    submission = _load(message)
    return _render(ASSIGNED_EMAIL, submission) if submission else None


@message_builder(DUE_SOON)
def build_due_soon(message: OutboxMessage) -> EmailContent | None:
    submission = _load(message)
    if submission is None or submission.status not in (TO_DO, DRAFT, REVISION_REQUESTED):
        return None
    # A reminder queued for an earlier due time stays quiet once the due time moved.
    due = submission.assignment.due_at
    if message.expires_at is not None and not _same_moment(message.expires_at, due):
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


@message_builder(DUE_CHANGED)
def build_due_changed(message: OutboxMessage) -> EmailContent | None:
    submission = _load(message)
    if submission is None or submission.status not in (TO_DO, DRAFT, REVISION_REQUESTED):
        return None
    due = submission.assignment.due_at
    # Moved again before this went out: only the latest move's message is sent.
    if message.params.get("due") != (_stamp(due) if due else "none"):
        return None
    return _render("due_changed", submission)


@message_builder(CANCELLED)
def build_cancelled(message: OutboxMessage) -> EmailContent | None:
    submission = _load(message, cancelled=True)
    if submission is None:
        return None
    return _render("cancelled", submission, link=external_url("homework.my_homework"))
