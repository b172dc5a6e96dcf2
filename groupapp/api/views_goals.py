"""Personal goals: a member lists, sets, changes and rates their own; the cohort's
facilitators read them and agree their levels (the pages' rules, ``groupapp.goals``)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from flask_smorest import abort as problem

from groupapp.api.auth import api_blueprint
from groupapp.api.changes import field_error, field_errors
from groupapp.api.goal_schemas import GoalSchema, GoalWriteSchema, RatingWriteSchema
from groupapp.api.schemas import ID, PageArgs, page_of, page_schema
from groupapp.audit.services import record
from groupapp.cohorts.models import Membership
from groupapp.db import db
from groupapp.goals.access import (
    cohort_for_facilitator,
    cohort_for_member,
    goal_for,
    is_goal_owner,
)
from groupapp.goals.models import PersonalGoal
from groupapp.goals.services import (
    GoalInput,
    GoalProblem,
    add_goal,
    goals_of,
    level_name,
    rate_goal,
    rating_point,
    read_goal,
    update_goal,
)

blp = api_blueprint("goals", "Personal goals members set and rate at each check-in")
GOAL_PAGE = page_schema(GoalSchema)


def _checked(body: dict[str, Any]) -> GoalInput:
    """The body checked by the pages' rules; problems are named by JSON field."""
    levels = body.get("levels") or {}
    typed = {"statement": body["statement"]}
    typed.update({level_name(int(key)): text for key, text in levels.items()})
    try:
        return read_goal(typed)
    except GoalProblem as problem:
        names = {level_name(int(key)): f"levels.{key}" for key in ("-2", "-1", "0", "1", "2")}
        field_errors({names.get(name, name): text for name, text in problem.problems.items()})
        raise  # field_errors always raises when given problems


@blp.route(f"/cohorts/<{ID}:cohort_id>/goals", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, GOAL_PAGE)
def my_goals(args: dict[str, int], cohort_id: int) -> Any:
    """One's own goals in a cohort one has joined, with every rating (at most three)."""
    cohort = cohort_for_member(current_user, cohort_id)
    return page_of(goals_of(cohort.id, current_user.id), args)


@blp.route(f"/cohorts/<{ID}:cohort_id>/goals", methods=["POST"])
@blp.arguments(GoalWriteSchema)
@blp.response(201, GoalSchema)
def create_goal(body: dict[str, Any], cohort_id: int) -> Any:
    """Set a goal (one to three per cohort); ``agreed`` is ignored for a member."""
    cohort = cohort_for_member(current_user, cohort_id)
    goal = _checked(body)
    try:
        row = add_goal(cohort.id, current_user, goal)
    except GoalProblem as problem:
        field_error("statement", problem.problems["statement"])
    db.session.commit()
    return row


@blp.route(f"/goals/<{ID}:goal_id>", methods=["PATCH"])
@blp.arguments(GoalWriteSchema)
@blp.response(200, GoalSchema)
def change_goal(body: dict[str, Any], goal_id: int) -> Any:
    """Change a goal's words or levels: its member, or a facilitator of its cohort, who
    may record the agreement (``agreed``). A member's change clears an agreement."""
    row = goal_for(current_user, goal_id)
    goal = _checked(body)
    agree = bool(body["agreed"]) and not is_goal_owner(current_user, row)
    update_goal(row, goal, current_user, agree=agree)
    db.session.commit()
    return row


@blp.route(f"/goals/<{ID}:goal_id>/rating", methods=["PUT"])
@blp.arguments(RatingWriteSchema)
@blp.response(200, GoalSchema)
def rate(body: dict[str, Any], goal_id: int) -> Any:
    """Rate one's own goal for the check-in open now (again to change it); 409 while no
    check-in is open in the goal's cohort."""
    row: PersonalGoal = goal_for(current_user, goal_id, owner_only=True)
    point = rating_point(current_user, row.cohort_id)
    if point is None:
        problem(409, message="Goal ratings open with your next check-in.")
        raise AssertionError  # problem() raises
    rate_goal(row, point, body["rating"])
    db.session.commit()
    db.session.refresh(row)
    return row


@blp.route(f"/cohorts/<{ID}:cohort_id>/members/<{ID}:user_id>/goals", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, GOAL_PAGE)
def member_goals(args: dict[str, int], cohort_id: int, user_id: int) -> Any:
    """A member's goals and ratings, for the cohort's facilitators (audited)."""
    cohort = cohort_for_facilitator(current_user, cohort_id)
    member = db.session.scalar(
        db.select(Membership.id).where(
            Membership.cohort_id == cohort.id, Membership.user_id == user_id
        )
    )
    if member is None:
        abort(404)
    # Commit the audit row first: a commit expires what the page would have loaded.
    record("goal.list.read", ("User", user_id), subject_user_id=user_id)
    db.session.commit()
    return page_of(goals_of(cohort.id, user_id), args)
