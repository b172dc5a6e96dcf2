"""The goals part of a person's data export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort
from groupapp.core.personal_data import register_section
from groupapp.db import db
from groupapp.goals.models import GoalRating, PersonalGoal
from groupapp.goals.services import goals_of


def export_goals(user: User) -> list[dict[str, Any]]:
    """Each goal the person set: cohort, words, levels, agreement and every rating."""
    names = dict(
        db.session.execute(
            sa.select(Cohort.id, Cohort.name).where(
                Cohort.id.in_(
                    sa.select(PersonalGoal.cohort_id).where(PersonalGoal.user_id == user.id)
                )
            )
        ).all()
    )
    found = []
    for cohort_id, name in names.items():
        for goal in goals_of(cohort_id, user.id):
            found.append(
                {
                    "cohort": name,
                    "goal": goal.statement,
                    "levels": goal.levels,
                    "agreed_at": goal.agreed_at.isoformat() if goal.agreed_at else None,
                    "created_at": goal.created_at.isoformat(),
                    "ratings": [
                        {
                            "point": rating.point_label,
                            "rating": rating.rating,
                            "rated_at": rating.rated_at.isoformat(),
                        }
                        for rating in goal.ratings
                    ],
                }
            )
    return found


def erase_goals(user: User) -> None:
    """Delete the person's goals and ratings; unlink agreements they recorded as staff."""
    mine = sa.select(PersonalGoal.id).where(PersonalGoal.user_id == user.id)
    db.session.execute(sa.delete(GoalRating).where(GoalRating.goal_id.in_(mine)))
    db.session.execute(sa.delete(PersonalGoal).where(PersonalGoal.user_id == user.id))
    db.session.execute(
        sa.update(PersonalGoal)
        .where(PersonalGoal.agreed_by_id == user.id)
        .values(agreed_by_id=None)
    )
    db.session.flush()


register_section("goals", export_goals, erase_goals)
