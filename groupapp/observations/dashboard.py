"""The "after the meeting" panel on a facilitator's start page (the cohort list)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort, CohortFacilitator
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from groupapp.observations import bp
from groupapp.observations.models import MeetingRecord

RECENT = timedelta(hours=48)  # how long after a meeting ends its screen is offered here


@dataclass(frozen=True)
class JustEnded:
    """A meeting of the facilitator's that has begun or ended in the last two days."""

    meeting_id: int
    topic: str
    cohort_name: str
    starts_at: datetime
    recorded: bool


def meetings_just_ended(user: User) -> list[JustEnded]:
    """The facilitator's meetings that have started and ended less than 48 hours ago,
    newest first, with whether a group note exists yet (one statement)."""
    if user.role != "facilitator":
        return []
    now = utcnow()
    rows = db.session.execute(
        sa.select(Meeting.id, Meeting.topic, Cohort.name, Meeting.starts_at, MeetingRecord.id)
        .join(Cohort, Cohort.id == Meeting.cohort_id)
        .join(CohortFacilitator, CohortFacilitator.cohort_id == Cohort.id)
        .outerjoin(MeetingRecord, MeetingRecord.meeting_id == Meeting.id)
        .where(CohortFacilitator.user_id == user.id, Meeting.status != "cancelled")
        .where(Meeting.starts_at <= now, Meeting.ends_at >= now - RECENT)
        .order_by(Meeting.starts_at.desc())
        .limit(5)
    ).all()
    return [JustEnded(mid, topic, name, at, rid is not None) for mid, topic, name, at, rid in rows]


@bp.app_template_global("meetings_just_ended")
def meetings_just_ended_global(user: User) -> list[JustEnded]:
    """For the facilitator's start page: meetings whose after-meeting screen is due."""
    return meetings_just_ended(user)
