"""Changing homework after it was given: moving its due time, cancelling it.

Nothing is deleted. A cancelled assignment keeps its submissions (staff can still read
what was handed in) and leaves every list through ``Assignment.cancelled_at``. Handed-in
work keeps its status when the due time moves; work not yet handed in is measured
against the new time (overdue now, or late when handed in after it).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from groupapp.audit.services import record
from groupapp.db import db, utcnow
from groupapp.homework import notices
from groupapp.homework.models import DRAFT, REVISION_REQUESTED, TO_DO, Assignment, Submission
from groupapp.homework.services import Due, HomeworkError, require_open, set_due

NOT_HANDED_IN = (TO_DO, DRAFT, REVISION_REQUESTED)


def _waiting(assignment: Assignment) -> list[Submission]:
    """Submissions not yet handed in, of people who can still receive email."""
    return [s for s in assignment.submissions if s.status in NOT_HANDED_IN and s.user.active]


def _describe(moment: datetime | None) -> str:
    return moment.isoformat() if moment else "none"


def move_due(assignment: Assignment, due: Due) -> None:
    """Make the homework due at another point; members still working on it are told.

    The "due soon" reminders queued for the old time are withdrawn and new ones queued;
    each message's key names the new due time and this change's audit row.
    """
    require_open(assignment)
    before = assignment.due_at
    set_due(assignment, assignment.cohort, due)
    db.session.flush()
    after = assignment.due_at
    if after == before:
        raise HomeworkError(_("The homework is already due then."))
    change = record(
        "homework.assignment.move_due",
        assignment,
        reason=f"due {_describe(before)} -> {_describe(after)}",
    )
    db.session.flush()
    waiting = _waiting(assignment)
    notices.withdraw_due_soon(assignment.submissions)
    for submission in waiting:
        notices.queue_due_soon(submission, change_id=change.id)
        notices.due_changed(submission, change_id=change.id)
    db.session.flush()


def cancel(assignment: Assignment) -> None:
    """Withdraw the homework from everyone it was given to, keeping what was handed in."""
    require_open(assignment)
    assignment.cancelled_at = utcnow()
    record("homework.assignment.cancel", assignment)
    notices.withdraw_due_soon(assignment.submissions)
    for submission in assignment.submissions:
        if submission.user.active:
            notices.cancelled(submission)
    db.session.flush()
