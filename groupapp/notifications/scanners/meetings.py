"""Meeting reminders at each cohort's offsets (default 24 hours and 1 hour before)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.outbox import enqueue_many
from groupapp.db import db, one_of
from groupapp.meetings.models import Attendance, Meeting
from groupapp.notifications.scanners.common import (
    PERSON_COLUMNS,
    Person,
    cohort_timings,
    not_offered,
    offset_token,
    row,
    window,
)

KIND = "meeting_reminder"
#: The longest reminder offset a cohort may choose; meetings further out are not loaded.
HORIZON = timedelta(days=8)


def _current(now: datetime) -> list[tuple[int, int, datetime, timedelta, datetime]]:
    """Meetings with a reminder moment current at ``now``: (meeting, cohort, start,
    offset, until). Only these need their audiences loaded.
    """
    meetings = db.session.execute(
        sa.select(Meeting.id, Meeting.cohort_id, Meeting.starts_at)
        .join(Cohort, Cohort.id == Meeting.cohort_id)
        .where(
            Meeting.status == "scheduled",
            Cohort.status == "active",
            Meeting.starts_at > now,
            Meeting.starts_at <= now + HORIZON,
        )
    ).all()
    timings = cohort_timings({m.cohort_id for m in meetings})
    current = []
    for meeting_id, cohort_id, starts_at in meetings:
        offsets = timings[cohort_id].reminder_offsets
        found = window([starts_at - offset for offset in offsets], starts_at, now)
        if found is not None:
            index, until = found
            current.append((meeting_id, cohort_id, starts_at, offsets[index], until))
    return current


def _audience(
    current: list[tuple[int, int, datetime, timedelta, datetime]], occurrences: dict[int, str]
) -> list[tuple[int, Person]]:
    """(meeting, person) for each current meeting's members and facilitators still owed
    its reminder: not offered it on an earlier pass, and without apologies sent.

    Both are left out in SQL (the outbox's dedupe key, the attendance marks), so the
    passes while a reminder stays current read only people who joined since.
    """
    meeting_ids = [meeting_id for meeting_id, *_ in current]
    occurrence = sa.case(occurrences, value=Meeting.id)
    owed = sa.and_(
        one_of(Meeting.id, meeting_ids),
        User.active,
        not_offered(KIND, User.id, occurrence),
        ~sa.exists().where(
            Attendance.meeting_id == Meeting.id,
            Attendance.user_id == User.id,
            Attendance.is_apology.is_(True),
        ),
    )
    members = (
        sa.select(Meeting.id, *PERSON_COLUMNS)
        .join(Membership, Membership.cohort_id == Meeting.cohort_id)
        .join(User, User.id == Membership.user_id)
        .where(owed, joined_clause())
    )
    staff = (
        sa.select(Meeting.id, *PERSON_COLUMNS)
        .join(CohortFacilitator, CohortFacilitator.cohort_id == Meeting.cohort_id)
        .join(User, User.id == CohortFacilitator.user_id)
        .where(owed)
    )
    found: dict[tuple[int, int], Person] = {}
    for query in (members, staff):
        for meeting_id, user_id, email, organisation_id, zone in db.session.execute(query):
            found[(meeting_id, user_id)] = Person(user_id, email, organisation_id, zone)
    return [(meeting_id, person) for (meeting_id, _), person in found.items()]


def reminder_rows(now: datetime) -> list[dict[str, Any]]:
    """Rows for every reminder whose moment has come and whose meeting has not started."""
    current = _current(now)
    if not current:
        return []
    occurrences = {}
    by_meeting = {}
    for meeting_id, _cohort_id, starts_at, offset, until in current:
        # The start time is part of the occurrence: a rescheduled meeting gets new reminders.
        token = offset_token(offset, days=False)
        occurrences[meeting_id] = f"{meeting_id}:{token}:{starts_at:%Y%m%dT%H%M}"
        minutes = int(offset.total_seconds() // 60)
        params = {"meeting_id": meeting_id, "starts_at": starts_at.isoformat(), "minutes": minutes}
        by_meeting[meeting_id] = (params, until)
    rows = []
    for meeting_id, person in _audience(current, occurrences):
        params, until = by_meeting[meeting_id]
        rows.append(row(KIND, person, occurrences[meeting_id], params, expires_at=until))
    return rows


def scan_meeting_reminders(now: datetime) -> int:
    """Write the reminders due at ``now``; returns how many rows were offered."""
    return enqueue_many(reminder_rows(now))
