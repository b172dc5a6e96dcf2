"""Meetings that have just ended and feedback on them, through the real services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.cohorts import meeting_services as meetings
from groupapp.cohorts.models import Membership
from groupapp.db import db, utcnow
from groupapp.feedback import services
from groupapp.feedback.models import MeetingFeedback
from groupapp.meetings.models import Meeting


def ended_meeting(world: Any, hours_ago: float = 2, topic: str = "Saying no") -> Meeting:
    """A one-hour meeting of the world's cohort that ended ``hours_ago`` hours ago; its
    members who joined later on paper (a check-in builder sets today) joined by then."""
    starts = (utcnow() - timedelta(hours=hours_ago + 1)).replace(second=0, microsecond=0)
    meeting = meetings.add_extra(world.cohort, starts, 60, topic, None)
    day = date.fromisoformat(meeting.local_start[:10])
    db.session.execute(
        sa.update(Membership)
        .where(Membership.cohort_id == world.cohort.id, Membership.joined_on > day)
        .values(joined_on=day)
    )
    db.session.commit()
    return meeting


def answer(
    meeting: Meeting, person: Any, ratings: tuple[int, int, int], change: str = ""
) -> MeetingFeedback:
    """Store ``person``'s answer (heard, useful, safe) about ``meeting``."""
    heard, useful, safe = ratings
    row = services.save_answer(meeting, person, services.FeedbackInput(heard, useful, safe, change))
    db.session.commit()
    return row
