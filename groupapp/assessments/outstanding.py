"""Check-ins that are open now in a cohort, and which members have not answered them.

The facilitator's check-in overview lists them, and a nudge reminds exactly the members
counted here. Windows are each member's own (someone who joined late has no earlier
occurrences), so occurrences are worked out per member, over rows read in a fixed
number of statements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from groupapp.accounts.models import User
from groupapp.assessments.checkins import cohort_meeting_dates, schedule_occurrences
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule
from groupapp.assessments.occurrences import Occurrence
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.db import db


@dataclass
class OpenCheckin:
    """One occurrence of a schedule whose window is open now for at least one member."""

    schedule: AssessmentSchedule
    occurrence: Occurrence
    waiting: list[int] = field(default_factory=list)  # user ids who have not answered
    answered: int = 0

    @property
    def item(self) -> str:
        """The name a nudge of this check-in is recorded under."""
        return checkin_item(self.schedule.id, self.occurrence.key)


def checkin_item(schedule_id: int, key: str) -> str:
    """``checkin:<schedule id>:<occurrence key>``: how nudges name one check-in."""
    return f"checkin:{schedule_id}:{key}"


def open_checkins(cohort: Cohort, now: datetime) -> list[OpenCheckin]:
    """Open check-ins of ``cohort`` at ``now`` (UTC), by schedule then due date.

    Only members who have joined (and can still sign in) are counted. Four statements
    whatever the number of members, schedules or meetings.
    """
    schedules = list(
        db.session.scalars(
            sa.select(AssessmentSchedule)
            .where(AssessmentSchedule.cohort_id == cohort.id)
            .options(selectinload(AssessmentSchedule.instrument))
            .order_by(AssessmentSchedule.id)
        )
    )
    if not schedules:
        return []
    dates = cohort_meeting_dates([cohort.id])[cohort.id]
    members = list(
        db.session.scalars(
            sa.select(Membership)
            .join(User, User.id == Membership.user_id)
            .where(Membership.cohort_id == cohort.id, joined_clause(), User.active)
            .order_by(Membership.id)
        )
    )
    answered = set(
        db.session.execute(
            sa.select(
                AssessmentResponse.user_id,
                AssessmentResponse.instrument_id,
                AssessmentResponse.occurrence_key,
            ).where(
                AssessmentResponse.cohort_id == cohort.id,
                AssessmentResponse.status == "submitted",
            )
        ).all()
    )
    found: dict[tuple[int, str], OpenCheckin] = {}
    for schedule in schedules:
        # The occurrences read the cohort's calendar: use the row already loaded.
        set_committed_value(schedule, "cohort", cohort)
        by_key: dict[str, list[Membership]] = defaultdict(list)
        occurrences: dict[str, Occurrence] = {}
        for membership in members:
            for occ in schedule_occurrences(schedule, membership, dates):
                if occ.is_open(now, cohort.timezone):
                    by_key[occ.key].append(membership)
                    occurrences.setdefault(occ.key, occ)
        for key, people in by_key.items():
            entry = found.setdefault((schedule.id, key), OpenCheckin(schedule, occurrences[key]))
            for membership in people:
                if (membership.user_id, schedule.instrument_id, key) in answered:
                    entry.answered += 1
                else:
                    entry.waiting.append(membership.user_id)
    return sorted(found.values(), key=lambda c: (c.schedule.id, c.occurrence.due_on))
