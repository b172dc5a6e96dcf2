"""The feedback request: each member who could attend a meeting, once it has ended.

One statement finds them all: meetings whose 48-hour feedback window is open, with each
joined member not marked absent or excused who has not answered yet. The dedupe key
names the person and the meeting, so each is asked once, and people already asked are
left out in SQL rather than offered again every pass; the row expires with the window,
so a late send never happens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from groupapp.accounts.models import User
from groupapp.cohorts.models import Membership
from groupapp.core.outbox import enqueue_many
from groupapp.db import db
from groupapp.feedback.notices import REQUEST
from groupapp.feedback.services import WINDOW, answerable_meetings
from groupapp.meetings.models import Meeting
from groupapp.notifications.scanners.common import Person, not_offered, row


def feedback_rows(now: datetime) -> list[dict[str, Any]]:
    """Request rows for every member whose feedback on a meeting is open, not given and
    not asked for yet."""
    columns = (Meeting.id, Meeting.ends_at, *(User.id, User.email, User.organisation_id))
    found = db.session.execute(
        answerable_meetings(now, *columns, User.timezone)
        .join(User, User.id == Membership.user_id)
        .where(User.active, not_offered(REQUEST, User.id, Meeting.id))
    ).all()
    return [
        row(
            REQUEST,
            Person(*user),
            str(meeting_id),
            {"meeting_id": meeting_id},
            expires_at=ends_at + WINDOW,
        )
        for meeting_id, ends_at, *user in found
    ]


def scan_feedback(now: datetime) -> int:
    """Write the feedback request rows due at ``now``; returns how many were new."""
    return enqueue_many(feedback_rows(now))
