"""The facilitator's side of a submission: comments, marking reviewed, asking for a revision."""

from __future__ import annotations

from flask_babel import gettext as _

from groupapp.accounts.models import User
from groupapp.audit.services import record
from groupapp.db import db, utcnow
from groupapp.homework import notices
from groupapp.homework.models import HANDED_IN, REVIEWED, REVISION_REQUESTED, Feedback, Submission
from groupapp.homework.services import HomeworkError, require_open


def _add_feedback(submission: Submission, author: User, kind: str, body: str) -> Feedback:
    require_open(submission.assignment)
    feedback = Feedback(submission=submission, author=author, kind=kind, body=body.strip())
    db.session.add(feedback)
    db.session.flush()
    record(f"homework.feedback.{kind}", submission, subject_user_id=submission.user_id)
    notices.feedback_given(feedback)
    return feedback


def comment(submission: Submission, author: User, body: str) -> Feedback:
    """Leave a comment the participant will read; they are told by email."""
    if not body.strip():
        raise HomeworkError(_("Write a comment first."))
    if submission.status not in HANDED_IN:
        raise HomeworkError(_("Comments can be left once the homework is handed in."))
    return _add_feedback(submission, author, "comment", body)


def mark_reviewed(submission: Submission, reviewer: User, note: str = "") -> Feedback | None:
    """Close the submission: it is read, and the participant can no longer change it.

    Returns the closing note as feedback, or None without a note."""
    require_open(submission.assignment)
    if submission.status not in HANDED_IN:
        raise HomeworkError(_("Only handed-in homework can be marked reviewed."))
    submission.status = REVIEWED
    submission.reviewed_at = utcnow()
    submission.reviewed_by_id = reviewer.id
    feedback = None
    if note.strip():
        feedback = _add_feedback(submission, reviewer, "reviewed", note)
    else:
        record("homework.submission.reviewed", submission, subject_user_id=submission.user_id)
    db.session.flush()
    return feedback


def request_revision(submission: Submission, reviewer: User, note: str) -> Feedback:
    """Hand the submission back with a note saying what to revise."""
    if not note.strip():
        raise HomeworkError(_("Say what you would like revised."))
    if submission.status not in HANDED_IN:
        raise HomeworkError(_("Only handed-in homework can be sent back for revision."))
    submission.status = REVISION_REQUESTED
    submission.reviewed_at = None
    submission.reviewed_by_id = None
    # Start the participant's working copy from what they handed in.
    submission.draft = dict(submission.answers)
    return _add_feedback(submission, reviewer, "revision_request", note)
