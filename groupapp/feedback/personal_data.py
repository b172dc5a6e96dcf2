"""The meeting feedback part of a person's data export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort
from groupapp.core.personal_data import register_section
from groupapp.db import db
from groupapp.feedback.models import MeetingFeedback
from groupapp.meetings.models import Meeting


def export_feedback(user: User) -> list[dict[str, Any]]:
    """Each answer the person gave: cohort, meeting start, the three ratings, the line."""
    rows = db.session.execute(
        sa.select(MeetingFeedback, Cohort.name, Meeting.starts_at)
        .join(Meeting, Meeting.id == MeetingFeedback.meeting_id)
        .join(Cohort, Cohort.id == MeetingFeedback.cohort_id)
        .where(MeetingFeedback.user_id == user.id)
        .order_by(Meeting.starts_at)
    ).all()
    return [
        {
            "cohort": cohort_name,
            "meeting_starts_at": starts_at.isoformat(),
            "felt_heard": row.heard,
            "found_useful": row.useful,
            "felt_safe": row.safe,
            "one_thing_to_change": row.change,
            "answered_at": row.answered_at.isoformat(),
        }
        for row, cohort_name, starts_at in rows
    ]


def erase_feedback(user: User) -> None:
    """Delete the person's answers (the counts facilitators saw drop by theirs)."""
    db.session.execute(sa.delete(MeetingFeedback).where(MeetingFeedback.user_id == user.id))
    db.session.flush()


register_section("meeting_feedback", export_feedback, erase_feedback)
