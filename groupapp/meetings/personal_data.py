"""A participant's attendance and calendar feed in their data export, and their erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.core.personal_data import register_section
from groupapp.db import db
from groupapp.meetings.models import AbsenceFlag, Attendance, CalendarFeed, Meeting


def export_attendance(user: User) -> list[dict[str, Any]]:
    """Every attendance mark of the user, with the meeting it belongs to."""
    rows = db.session.scalars(
        sa.select(Attendance)
        .options(joinedload(Attendance.meeting).joinedload(Meeting.cohort))
        .where(Attendance.user_id == user.id)
        .join(Meeting)
        .order_by(Meeting.starts_at)
    )
    return [
        {
            "cohort": row.meeting.cohort.name,
            "meeting_starts_at": row.meeting.starts_at.isoformat(),
            "topic": row.meeting.topic,
            "status": row.status,
            "comment": row.comment,
            "apology_in_advance": row.is_apology,
            "recorded_at": row.recorded_at.isoformat() if row.recorded_at else None,
        }
        for row in rows
    ]


def export_absence_flags(user: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(sa.select(AbsenceFlag).where(AbsenceFlag.user_id == user.id))
    return [
        {
            "cohort_id": row.cohort_id,
            "missed_in_a_row": row.streak,
            "raised_at": row.raised_at.isoformat(),
            "cleared_at": row.cleared_at.isoformat() if row.cleared_at else None,
        }
        for row in rows
    ]


def export(user: User) -> dict[str, Any]:
    """The meetings section of the export."""
    has_feed = db.session.scalar(sa.select(CalendarFeed.id).where(CalendarFeed.user_id == user.id))
    return {
        "attendance": export_attendance(user),
        "absence_flags": export_absence_flags(user),
        "calendar_feed_enabled": has_feed is not None,
    }


def erase(user: User) -> None:
    """Delete the user's absence flags and calendar feed, and the words of their attendance.

    Attendance marks stay (present, late, absent, excused) so a cohort's attendance rates
    do not change; comments, which may say why someone was away, are removed.
    """
    for model in (AbsenceFlag, CalendarFeed):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    db.session.execute(
        sa.update(Attendance).where(Attendance.user_id == user.id).values(comment="")
    )
    db.session.flush()


register_section("meetings", export, erase)
