"""Facilitators' notes and observation ratings in a member's export and erasure.

They are the member's personal data, so the export holds them (with the meeting they
belong to) and erasure deletes them. Group notes describe the meeting, not one person,
and stay; only the link to an erased facilitator who wrote them is cut.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort
from groupapp.core.personal_data import register_section, unlink_person
from groupapp.db import db
from groupapp.meetings.models import Meeting
from groupapp.observations.models import MeetingRecord, MemberObservation


def export_observations(user: User) -> list[dict[str, Any]]:
    """Each meeting a facilitator recorded a note or rating for the person."""
    rows = db.session.execute(
        sa.select(MemberObservation, Meeting.starts_at, Meeting.topic, Cohort.name)
        .join(Meeting, Meeting.id == MemberObservation.meeting_id)
        .join(Cohort, Cohort.id == MemberObservation.cohort_id)
        .where(MemberObservation.user_id == user.id)
        .order_by(Meeting.starts_at)
    ).all()
    return [
        {
            "cohort": cohort_name,
            "meeting": topic,
            "meeting_starts_at": starts_at.isoformat(),
            "facilitator_note": row.note,
            "observation_scale": row.instrument,
            "ratings": row.answers,
            "codependent_patterns": row.codependent,
            "interdependent_patterns": row.interdependent,
            "updated_at": row.updated_at.isoformat(),
        }
        for row, starts_at, topic, cohort_name in rows
    ]


def erase_observations(user: User) -> None:
    """Delete notes and ratings about the person; unlink what they wrote as staff."""
    db.session.execute(sa.delete(MemberObservation).where(MemberObservation.user_id == user.id))
    unlink_person(user.id, MemberObservation.rated_by_id, MeetingRecord.updated_by_id)
    db.session.flush()


register_section("observations", export_observations, erase_observations)
