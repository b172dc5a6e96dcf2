"""Scheduled group meetings and who attended them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.cohorts.models import Cohort
from groupapp.db import TimestampMixin, UTCDateTime, db

MEETING_STATUSES = ("scheduled", "cancelled", "completed")
ATTENDANCE_STATUSES = ("present", "late", "absent", "excused")


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    sequence: Mapped[int] = mapped_column(default=0)  # bumped on every change (iCalendar)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Wall-clock time in the cohort's zone it was scheduled at, e.g. "2026-03-10T18:00".
    local_start: Mapped[str] = mapped_column(sa.String(19))
    topic: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="scheduled")
    private_notes: Mapped[str] = mapped_column(sa.Text, default="")

    cohort: Mapped[Cohort] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )


class Attendance(db.Model):
    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")

    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id"),)
