"""Homework "due soon" (24 hours before) and "overdue" nudges (default 1 and 3 days after).

Only work not handed in is considered, and the homework builders check again at send time,
so a submission made after the row was written is never nagged about.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.outbox import enqueue_many
from groupapp.db import db
from groupapp.homework.models import DRAFT, REVISION_REQUESTED, TO_DO, Assignment, Submission
from groupapp.homework.notices import DUE_SOON, DUE_SOON_BEFORE, OVERDUE
from groupapp.meetings.models import Meeting
from groupapp.notifications.scanners.common import (
    Person,
    cohort_timings,
    offset_token,
    row,
    window,
)

#: Overdue nudges stop this long after the due time, whatever the offsets.
LOOKBACK = timedelta(days=15)
NOT_HANDED_IN = (TO_DO, DRAFT, REVISION_REQUESTED)


def _open_work(now: datetime) -> Sequence[Any]:
    due_meeting = sa.orm.aliased(Meeting)
    in_range = sa.or_(
        sa.and_(
            Assignment.due_meeting_id.is_not(None),
            due_meeting.starts_at.between(now - LOOKBACK, now + DUE_SOON_BEFORE),
        ),
        sa.and_(
            Assignment.due_meeting_id.is_(None),
            Assignment.due_at_fixed.between(now - LOOKBACK, now + DUE_SOON_BEFORE),
        ),
    )
    return db.session.execute(
        sa.select(
            Submission.id,
            Assignment.cohort_id,
            due_meeting.starts_at,
            Assignment.due_at_fixed,
            User.id,
            User.email,
            User.organisation_id,
            User.timezone,
        )
        .join(Assignment, Assignment.id == Submission.assignment_id)
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .join(User, User.id == Submission.user_id)
        .join(
            Membership,
            sa.and_(
                Membership.cohort_id == Assignment.cohort_id,
                Membership.user_id == Submission.user_id,
            ),
        )
        .outerjoin(due_meeting, due_meeting.id == Assignment.due_meeting_id)
        .where(Submission.status.in_(NOT_HANDED_IN), Cohort.status == "active", User.active)
        .where(joined_clause())
        .where(Assignment.cancelled_at.is_(None))
        .where(in_range)
    ).all()


def homework_rows(now: datetime) -> list[dict[str, Any]]:
    """Rows for the due-soon reminder and the overdue nudges current at ``now``."""
    work = _open_work(now)
    timings = cohort_timings({item[1] for item in work})
    rows = []
    for submission_id, cohort_id, meeting_start, fixed, *user in work:
        due = meeting_start or fixed
        if due is None:
            continue
        to = Person(*user)
        params = {"submission_id": submission_id}
        if due - DUE_SOON_BEFORE <= now < due:
            # The homework package writes the same key when it assigns; one row results.
            key = f"{DUE_SOON}:{submission_id}"
            rows.append(row(DUE_SOON, to, key, params, expires_at=due, exact_key=True))
            continue
        offsets = timings[cohort_id].overdue_offsets
        moments = [due + offset for offset in offsets]
        current = window(moments, moments[-1] + timedelta(days=1), now) if moments else None
        if current is None:
            continue
        index, until = current
        # The exact offset: nudges at 1 and 1.5 days are two reminders, not one.
        offset = offsets[index]
        days = offset / timedelta(days=1)
        params = {**params, "days": int(days) if days.is_integer() else days}
        key = f"{submission_id}:{offset_token(offset)}:{due:%Y%m%dT%H%M}"
        rows.append(row(OVERDUE, to, key, params, expires_at=until))
    return rows


def scan_homework(now: datetime) -> int:
    return enqueue_many(homework_rows(now))
