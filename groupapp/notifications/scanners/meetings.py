"""Meeting reminders at each cohort's offsets (default 24 hours and 1 hour before)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.cohorts.models import Cohort
from groupapp.core.outbox import enqueue_many
from groupapp.db import db, one_of
from groupapp.meetings.models import Attendance, Meeting
from groupapp.notifications.scanners.common import (
    cohort_audiences,
    cohort_timings,
    offset_token,
    row,
    window,
)

KIND = "meeting_reminder"
#: The longest reminder offset a cohort may choose; meetings further out are not loaded.
HORIZON = timedelta(days=8)


def _apologies(meeting_ids: list[int]) -> set[tuple[int, int]]:
    """(meeting, person) pairs where the member sent apologies: they get no reminder."""
    if not meeting_ids:
        return set()
    found = db.session.execute(
        sa.select(Attendance.meeting_id, Attendance.user_id).where(
            one_of(Attendance.meeting_id, meeting_ids), Attendance.is_apology.is_(True)
        )
    )
    return {(meeting_id, user_id) for meeting_id, user_id in found}


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


def reminder_rows(now: datetime) -> list[dict[str, Any]]:
    """Rows for every reminder whose moment has come and whose meeting has not started."""
    current = _current(now)
    audiences = cohort_audiences({cohort_id for _, cohort_id, *_ in current})
    excused = _apologies([meeting_id for meeting_id, *_ in current])
    rows = []
    for meeting_id, cohort_id, starts_at, offset, until in current:
        minutes = int(offset.total_seconds() // 60)
        # The start time is part of the occurrence: a rescheduled meeting gets new reminders.
        token = offset_token(offset, days=False)
        occurrence = f"{meeting_id}:{token}:{starts_at:%Y%m%dT%H%M}"
        params = {"meeting_id": meeting_id, "starts_at": starts_at.isoformat(), "minutes": minutes}
        for person in audiences.get(cohort_id, []):
            if (meeting_id, person.id) not in excused:
                rows.append(row(KIND, person, occurrence, params, expires_at=until))
    return rows


def scan_meeting_reminders(now: datetime) -> int:
    """Write the reminders due at ``now``; returns how many rows were offered."""
    return enqueue_many(reminder_rows(now))
