"""The intake reminder: members who have not sent their intake, shortly before a meeting.

One statement finds them all: joined members of active cohorts whose next scheduled
meeting starts within ``REMIND_BEFORE`` and who have no submitted intake there. The
dedupe key names only the person and the cohort, so each person is reminded once, and
people already reminded are left out in SQL rather than offered again every pass. The
rows are written by the same statement (``INSERT ... SELECT``): none travel through the
worker.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.outbox import enqueue_selected
from groupapp.intake.models import IntakeResponse
from groupapp.intake.notices import REMIND_BEFORE, REMINDER
from groupapp.intake.queries import members_response
from groupapp.meetings.models import Meeting
from groupapp.notifications.scanners.common import not_offered, row_columns


def owing_intake(now: datetime) -> sa.Select[Any]:
    """The reminder rows (``row_columns``) for every member still owing an intake before
    a meeting soon and not reminded yet."""
    upcoming = (
        sa.select(Meeting.cohort_id, sa.func.min(Meeting.starts_at).label("starts_at"))
        # The first meeting in the reminder window is the next one when there is one: the
        # window bounds the read to a few days of meetings (the starts_at index).
        .where(
            Meeting.status == "scheduled",
            Meeting.starts_at > now,
            Meeting.starts_at <= now + REMIND_BEFORE,
        )
        .group_by(Meeting.cohort_id)
        .subquery()
    )
    cohort_id = Membership.cohort_id
    return (
        sa.select(
            *row_columns(REMINDER, [cohort_id], {"cohort_id": cohort_id}, upcoming.c.starts_at)
        )
        .select_from(Membership)
        .join(Cohort, Cohort.id == Membership.cohort_id)
        .join(User, User.id == Membership.user_id)
        .join(upcoming, upcoming.c.cohort_id == Membership.cohort_id)
        .outerjoin(IntakeResponse, members_response())
        .where(joined_clause(), Cohort.status == "active", User.active)
        .where(IntakeResponse.submitted_at.is_(None))
        .where(not_offered(REMINDER, User.id, Membership.cohort_id))
    )


def scan_intake(now: datetime) -> int:
    """Write the intake reminder rows due at ``now`` (one statement); returns how many
    were new."""
    return enqueue_selected(owing_intake(now))
