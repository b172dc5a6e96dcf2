"""Goals built through the real services, for the goal tests and access table."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.db import db
from groupapp.goals import services
from groupapp.goals.models import PersonalGoal
from tests.assessments.access_table import _schedule

LEVELS = {
    "level_m2": "Apologise three times or more and take the shift",
    "level_m1": "Say no, then take the shift anyway",
    "level_p0": "Say no, apologising twice at most",
    "level_p1": "Say no, apologising once",
    "level_p2": "Say no without apologising",
}


def goal_for(
    world: Any, person: Any = None, statement: str = "Say no to extra shifts"
) -> PersonalGoal:
    """A goal of ``person`` (the owner by default) in the world's cohort, with levels."""
    person = person or world.owner
    goal = services.add_goal(
        world.cohort.id, person, services.read_goal({"statement": statement, **LEVELS})
    )
    db.session.commit()
    return goal


def a_goal_of(world: Any, person: Any = None) -> PersonalGoal:
    """A goal of ``person`` (the owner by default) in the world's cohort: the first one
    they have, else a new one. Tables whose calls share one world ask for a goal many times
    over, and a member may keep only ``MAX_GOALS``."""
    person = person or world.owner
    goal = db.session.scalar(
        sa.select(PersonalGoal)
        .where(PersonalGoal.cohort_id == world.cohort.id, PersonalGoal.user_id == person.id)
        .order_by(PersonalGoal.id)
        .limit(1)
    )
    return goal or goal_for(world, person)


def open_checkin(world: Any) -> None:
    """A baseline check-in open today for the owner, so goals can be rated."""
    _schedule(world)
    db.session.commit()
