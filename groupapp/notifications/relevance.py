"""Send-time checks that a reminder's moment has not passed, for rows written elsewhere.

Rows the scanners write carry ``expires_at``; rows other packages queue ahead of time may
not, so these gates skip them once late: a "due soon" reminder after the due time, or a
schedule notice for a meeting that is already over.
"""

from __future__ import annotations

from groupapp.core.outbox import OutboxMessage, send_gate
from groupapp.db import db, utcnow
from groupapp.homework.models import Submission
from groupapp.homework.notices import DUE_SOON
from groupapp.meetings.models import Meeting

SCHEDULE_NOTICES = ("meeting_changed", "meeting_cancelled")


@send_gate
def _skip_late_reminders(message: OutboxMessage) -> str | None:
    if message.kind == DUE_SOON:
        submission = db.session.get(Submission, message.params.get("submission_id"))
        due = submission.assignment.due_at if submission else None
        if due is not None and due <= utcnow():
            return "expired"
    elif message.kind in SCHEDULE_NOTICES:
        meeting = db.session.get(Meeting, message.params.get("meeting_id"))
        if meeting is not None and meeting.ends_at <= utcnow():
            return "expired"
    return None
