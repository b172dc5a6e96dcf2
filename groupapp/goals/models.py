"""Personal goals a member sets in a cohort, and their Goal Attainment Scaling ratings.

Goal Attainment Scaling (GAS) follows Kiresuk & Sherman (1968), "Goal attainment scaling:
a general method for evaluating comprehensive community mental health programs",
Community Mental Health Journal 4(6):443-453: each goal is described at five levels,
-2 (much less than expected) to +2 (much more than expected), 0 being the expected
outcome, and rated against those levels at agreed points.

A member has at most ``MAX_GOALS`` goals per cohort. Levels are optional; when set they
are agreed with a facilitator, who is recorded with the moment of agreement. A rating
belongs to one rating point (the key of a check-in occurrence of the cohort's schedule),
so each goal has at most one rating per point.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.core.i18n import N_
from groupapp.db import Model, TimestampMixin, UTCDateTime, utcnow

MAX_GOALS = 3
#: The five GAS levels, lowest first, with the project's words for each.
LEVELS: tuple[tuple[int, str], ...] = (
    (-2, N_("Much less than expected")),
    (-1, N_("Less than expected")),
    (0, N_("As expected")),
    (1, N_("More than expected")),
    (2, N_("Much more than expected")),
)
LEVEL_WORDS = dict(LEVELS)


class PersonalGoal(TimestampMixin, Model):
    """One goal in the member's own words, with optional GAS level descriptions."""

    __tablename__ = "personal_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    statement: Mapped[str] = mapped_column(sa.String(300))
    # "-2".."2" -> what that level looks like; None when no levels were described.
    levels: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agreed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (sa.Index("ix_personal_goals_cohort_user", "cohort_id", "user_id"),)

    ratings: Mapped[list[GoalRating]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalRating.rated_at"
    )
    agreed_by = relationship("User", foreign_keys=[agreed_by_id])

    def level_text(self, level: int) -> str:
        """The agreed description of ``level`` (-2..2), or empty when none was written."""
        return (self.levels or {}).get(str(level), "")


class GoalRating(Model):
    """The member's rating of one goal at one rating point: -2..+2."""

    __tablename__ = "goal_ratings"
    __table_args__ = (
        sa.UniqueConstraint("goal_id", "point_key"),
        sa.CheckConstraint("rating BETWEEN -2 AND 2", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(sa.ForeignKey("personal_goals.id"))
    # The check-in occurrence key ("baseline", "week-4", "meeting-12", "end").
    point_key: Mapped[str] = mapped_column(sa.String(40))
    point_label: Mapped[str] = mapped_column(sa.String(80))
    rating: Mapped[int] = mapped_column()
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[PersonalGoal] = relationship(back_populates="ratings")
