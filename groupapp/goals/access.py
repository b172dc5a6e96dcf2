"""Who may see and change personal goals.

A goal is its member's and their cohort's facilitators' (the same people who read the
intake: ``groupapp.intake.access``). The member sets, edits, removes and rates their own
while they belong to the cohort; the facilitators read them and edit or agree the levels
with the member. Anyone else is answered 404, so no goal's existence is revealed.
"""

from __future__ import annotations

from flask import abort

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import is_joined
from groupapp.cohorts.models import Cohort
from groupapp.db import db
from groupapp.goals.models import PersonalGoal
from groupapp.intake.access import cohort_for_facilitator, cohort_for_member, facilitates

__all__ = ["cohort_for_facilitator", "cohort_for_member", "goal_for", "is_goal_owner"]


def is_goal_owner(user: User, goal: PersonalGoal) -> bool:
    """True when ``goal`` is ``user``'s own (whatever their membership now)."""
    return goal.user_id == user.id


def goal_for(user: User, goal_id: int, *, owner_only: bool = False) -> PersonalGoal:
    """The goal, when ``user`` is its member (still joined) or, unless ``owner_only``, one
    of its cohort's facilitators; otherwise 404."""
    goal = db.session.get(PersonalGoal, goal_id)
    if goal is None:
        abort(404)
    cohort = db.session.get(Cohort, goal.cohort_id)
    if cohort is None:
        abort(404)
    if is_goal_owner(user, goal) and is_joined(user, cohort):
        return goal
    if not owner_only and facilitates(user, cohort):
        return goal
    abort(404)
