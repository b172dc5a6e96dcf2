"""Read-side goal queries for progress pages, each one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from groupapp.db import db
from groupapp.goals.models import GoalRating, PersonalGoal


@dataclass(frozen=True)
class GoalPoint:
    """One rating of one goal: when, at which check-in point, and the level (-2..2).

    Levels follow Goal Attainment Scaling (Kiresuk & Sherman 1968, Community Mental
    Health Journal 4(6):443-453): 0 is the expected outcome, -2 much less, +2 much more.
    """

    goal_id: int
    statement: str
    point_key: str
    point_label: str
    rated_at: datetime
    rating: int


def goal_attainment_series(participant_id: int, cohort_id: int) -> list[GoalPoint]:
    """Every goal rating of the participant in the cohort, by time then goal (one statement).

    For charts on a time axis: ``rated_at`` is a UTC instant, ``rating`` is -2..2.
    Goals without ratings have no points. Callers check access (the member themselves or
    the cohort's facilitators).
    """
    rows = db.session.execute(
        sa.select(
            PersonalGoal.id,
            PersonalGoal.statement,
            GoalRating.point_key,
            GoalRating.point_label,
            GoalRating.rated_at,
            GoalRating.rating,
        )
        .join(GoalRating, GoalRating.goal_id == PersonalGoal.id)
        .where(PersonalGoal.user_id == participant_id, PersonalGoal.cohort_id == cohort_id)
        .order_by(GoalRating.rated_at, PersonalGoal.id)
    ).all()
    return [GoalPoint(*row) for row in rows]
