"""What facilitators record after a meeting: a group note, and per member a private note
and an observation rating on the built-in facilitator-rated scale.

Both are staff-only. Ratings keep the answers as given (item id -> option value), the
instrument version they were given on, and the two subscale means computed when every
item of a subscale was rated, so progress pages read numbers without re-scoring.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupapp.db import Model, TimestampMixin


class MeetingRecord(TimestampMixin, Model):
    """The group note of one meeting: what was covered, themes, anything to follow up."""

    __tablename__ = "meeting_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), unique=True)
    covered: Mapped[str] = mapped_column(sa.Text, default="")
    themes: Mapped[str] = mapped_column(sa.Text, default="")
    follow_up: Mapped[str] = mapped_column(sa.Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class MemberObservation(TimestampMixin, Model):
    """One member at one meeting: a facilitator's private note and observation rating."""

    __tablename__ = "member_observations"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "user_id"),
        # A member's observations over time (progress page, digest).
        sa.Index("ix_member_observations_user_cohort", "user_id", "cohort_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"))
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    instrument: Mapped[str] = mapped_column(sa.String(80))  # "<id>@<version>"
    codependent: Mapped[float | None] = mapped_column(sa.Float)
    interdependent: Mapped[float | None] = mapped_column(sa.Float)
    rated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
