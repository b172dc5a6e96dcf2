"""The "your personal goals" panel on a participant's start page."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.dashboard import register_panel
from groupapp.db import db, utcnow
from groupapp.goals.models import GoalRating, PersonalGoal
from groupapp.goals.services import RatingPoint, open_points_by_cohort


@dataclass(frozen=True)
class GoalsLink:
    """One joined cohort: how many goals are set, and how many wait for a rating now."""

    cohort_id: int
    cohort_name: str
    goals: int
    point: RatingPoint | None
    to_rate: int


def goal_links(user: User) -> list[GoalsLink]:
    """Each active cohort the participant has joined, with their goals' state (a fixed
    number of statements: one for the cohorts and goals, and the check-in list's)."""
    if user.role != "participant":
        return []
    rows = db.session.execute(
        sa.select(Cohort.id, Cohort.name, PersonalGoal.id, GoalRating.point_key)
        .join(Membership, Membership.cohort_id == Cohort.id)
        .outerjoin(
            PersonalGoal,
            sa.and_(PersonalGoal.cohort_id == Cohort.id, PersonalGoal.user_id == user.id),
        )
        .outerjoin(GoalRating, GoalRating.goal_id == PersonalGoal.id)
        .where(Membership.user_id == user.id, joined_clause(), Cohort.status == "active")
        .order_by(Cohort.name, Cohort.id)
    ).all()
    if not rows:
        return []
    points = open_points_by_cohort(user, utcnow())
    names: dict[int, str] = {}
    goals: dict[int, set[int]] = {}
    rated: dict[int, set[tuple[int, str]]] = {}
    for cohort_id, name, goal_id, key in rows:
        names[cohort_id] = name
        goals.setdefault(cohort_id, set())
        rated.setdefault(cohort_id, set())
        if goal_id is not None:
            goals[cohort_id].add(goal_id)
            if key is not None:
                rated[cohort_id].add((goal_id, key))
    links = []
    for cohort_id, name in names.items():
        point = points.get(cohort_id)
        to_rate = 0
        if point is not None:
            to_rate = sum((goal, point.key) not in rated[cohort_id] for goal in goals[cohort_id])
        links.append(GoalsLink(cohort_id, name, len(goals[cohort_id]), point, to_rate))
    return links


register_panel("goals/_start_panel.html", goal_links, order=30)
