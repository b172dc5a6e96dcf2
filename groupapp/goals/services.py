"""Personal goals: setting, editing, agreeing levels, and rating them at check-in points.

Services flush and never commit; the view or API call commits once. Goal Attainment
Scaling as in Kiresuk & Sherman (1968), Community Mental Health Journal 4(6):443-453.
Rating points reuse the cohort's check-in schedule: while one of the member's check-in
windows is open in the cohort, each goal can be rated once for that occurrence (a second
tap in the same window changes the rating).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from groupapp.accounts.models import User
from groupapp.assessments.checkins import member_checkins
from groupapp.audit.services import record
from groupapp.core.form_problems import InputProblems
from groupapp.core.text import single_line
from groupapp.db import db, utcnow
from groupapp.goals.models import LEVELS, MAX_GOALS, GoalRating, PersonalGoal

#: Longest goal statement and level description (characters).
MAX_STATEMENT = 300
MAX_LEVEL = 300


class GoalProblem(InputProblems):
    """A goal as typed cannot be stored; ``problems`` names each input."""


@dataclass(frozen=True)
class GoalInput:
    """A checked goal: its statement and its level descriptions (None when left blank)."""

    statement: str
    levels: dict[str, str] | None


@dataclass(frozen=True)
class RatingPoint:
    """An open moment to rate goals: a check-in occurrence of the cohort's schedule."""

    key: str
    label: str
    closes_at: datetime


def level_name(level: int) -> str:
    """The input name of a level's description: ``level_m2`` .. ``level_p2``."""
    return f"level_{'m' if level < 0 else 'p'}{abs(level)}"


def read_goal(data: Mapping[str, object]) -> GoalInput:
    """Check a goal as typed: ``statement`` and optional ``level_m2`` .. ``level_p2``.

    Levels are all described or all left blank. Raises ``GoalProblem`` naming each
    input that needs attention.
    """
    problems: dict[str, str] = {}
    statement = single_line(str(data.get("statement") or "")).strip()
    if not statement:
        problems["statement"] = _("Goal: write your goal in your own words.")
    elif len(statement) > MAX_STATEMENT:
        problems["statement"] = _(
            "Goal: keep it to %(count)d characters or fewer.", count=MAX_STATEMENT
        )
    levels = {
        str(level): single_line(str(data.get(level_name(level)) or "")).strip()
        for level, _ in LEVELS
    }
    for level, words in LEVELS:
        if len(levels[str(level)]) > MAX_LEVEL:
            problems[level_name(level)] = _(
                "%(level)s: keep it to %(count)d characters or fewer.",
                level=_(words),
                count=MAX_LEVEL,
            )
    given = [text for text in levels.values() if text]
    if given and len(given) < len(LEVELS):
        for level, words in LEVELS:
            if not levels[str(level)]:
                problems.setdefault(
                    level_name(level),
                    _("%(level)s: describe every level, or leave all five blank.", level=_(words)),
                )
    if problems:
        raise GoalProblem(problems)
    return GoalInput(statement, levels if given else None)


def goals_of(cohort_id: int, user_id: int) -> list[PersonalGoal]:
    """The member's goals in the cohort with their ratings, oldest first (two statements)."""
    return list(
        db.session.scalars(
            sa.select(PersonalGoal)
            .where(PersonalGoal.cohort_id == cohort_id, PersonalGoal.user_id == user_id)
            .options(selectinload(PersonalGoal.ratings))
            .order_by(PersonalGoal.id)
        )
    )


def add_goal(cohort_id: int, user: User, goal: GoalInput) -> PersonalGoal:
    """Add one of the member's goals; raises ``GoalProblem`` past ``MAX_GOALS``."""
    count = db.session.scalar(
        sa.select(sa.func.count(PersonalGoal.id)).where(
            PersonalGoal.cohort_id == cohort_id, PersonalGoal.user_id == user.id
        )
    )
    if (count or 0) >= MAX_GOALS:
        raise GoalProblem(
            {
                "statement": _(
                    "Goal: you can have up to %(count)d; change or remove one first.",
                    count=MAX_GOALS,
                )
            }
        )
    row = PersonalGoal(
        cohort_id=cohort_id, user_id=user.id, statement=goal.statement, levels=goal.levels
    )
    db.session.add(row)
    db.session.flush()
    record("goal.create", row, subject_user_id=user.id)
    return row


def update_goal(row: PersonalGoal, goal: GoalInput, by: User, *, agree: bool = False) -> None:
    """Change a goal's words or levels.

    ``agree``: a facilitator records that the levels were agreed with the member (who
    and when). A change by anyone else to what was agreed clears the agreement, since
    the agreed words are no longer the ones on record.
    """
    changed = row.statement != goal.statement or (row.levels or None) != goal.levels
    row.statement = goal.statement
    row.levels = goal.levels
    if agree:
        row.agreed_at = utcnow()
        row.agreed_by_id = by.id
    elif changed:
        row.agreed_at = None
        row.agreed_by_id = None
    row.updated_at = utcnow()
    db.session.flush()
    record("goal.update", row, subject_user_id=row.user_id)


def remove_goal(row: PersonalGoal) -> None:
    """Delete a goal and its ratings (the member's own choice)."""
    record("goal.delete", row, subject_user_id=row.user_id)
    db.session.delete(row)
    db.session.flush()


def open_points_by_cohort(user: User, now: datetime) -> dict[int, RatingPoint]:
    """For each cohort, the member's open check-in occurrence closing soonest (a fixed
    number of statements: the check-in list's)."""
    found: dict[int, RatingPoint] = {}
    for checkin in member_checkins(user):
        if not checkin.is_open(now):
            continue
        cohort_id = checkin.schedule.cohort_id
        point = RatingPoint(checkin.occurrence.key, checkin.occurrence.label, checkin.closes_at)
        kept = found.get(cohort_id)
        if kept is None or point.closes_at < kept.closes_at:
            found[cohort_id] = point
    return found


def rating_point(user: User, cohort_id: int) -> RatingPoint | None:
    """The point a rating made now belongs to: the member's open check-in occurrence in
    the cohort that closes soonest, or None while no check-in is open."""
    return open_points_by_cohort(user, utcnow()).get(cohort_id)


def rate_goal(row: PersonalGoal, point: RatingPoint, rating: int) -> GoalRating:
    """Store the member's rating (-2..2) of ``row`` at ``point``; a second rating at the
    same point replaces the first. Raises ``GoalProblem`` for a rating out of range."""
    if rating not in dict(LEVELS):
        raise GoalProblem({"rating": _("Rating: choose one of -2, -1, 0, +1 or +2.")})
    existing = db.session.scalar(
        sa.select(GoalRating).where(GoalRating.goal_id == row.id, GoalRating.point_key == point.key)
    )
    if existing is None:
        existing = GoalRating(goal_id=row.id, point_key=point.key, point_label=point.label)
        db.session.add(existing)
    existing.rating = rating
    existing.rated_at = utcnow()
    db.session.flush()
    return existing
