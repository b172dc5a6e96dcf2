"""Scheduled group meetings and who attended them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import User
from groupapp.core.i18n import N_
from groupapp.db import Model, TimestampMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    # Cohorts sit above meetings: related by name, imported for the type checker alone.
    from groupapp.cohorts.models import Cohort

MEETING_STATUSES = ("scheduled", "cancelled", "completed")
ATTENDANCE_STATUSES = ("present", "late", "absent", "excused")
# How pages name them to participants (capitalised, translated where shown).
ATTENDANCE_WORDS = (N_("Present"), N_("Late"), N_("Absent"), N_("Excused"))


class Meeting(TimestampMixin, Model):
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
    # Place in the generated series (0 = first); None for an extra meeting.
    position: Mapped[int | None] = mapped_column()
    is_extra: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")

    # A cohort's meetings in time order (grids, next meeting, calendar feeds).
    __table_args__ = (sa.Index("ix_meetings_cohort_starts", "cohort_id", "starts_at"),)

    cohort: Mapped[Cohort] = relationship("Cohort")
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )


class Attendance(Model):
    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # True when the participant sent apologies in advance (status "excused").
    is_apology: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "user_id"),
        # Attendance rates count marks by status per meeting from the index alone.
        sa.Index("ix_attendance_meeting_status", "meeting_id", "status"),
    )


class AbsenceFlag(Model):
    """A member missed ``streak`` meetings in a row, reaching the cohort's threshold.

    Open while ``cleared_at`` is None (they attend again, or a mark is corrected).
    The notification worker alerts the facilitators about open flags it has not
    alerted on yet and stamps ``alerted_at``.
    """

    __tablename__ = "absence_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    streak: Mapped[int] = mapped_column()
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship("Cohort")
    user: Mapped[User] = relationship()


class CalendarFeed(Model):
    """A user's secret calendar feed token; replacing it revokes the old URL."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reset_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
