"""Access expectations for the personal goal routes (tests/trust/README.md)."""

from __future__ import annotations

from typing import Any

from tests.goals.builders import LEVELS, a_goal_of, open_checkin
from tests.trust.matrix import Case, allow

MEMBERS = allow("owner", "same_cohort_participant")
OWNER = allow("owner")
OWNER_AND_FACILITATOR = allow("owner", "facilitator")
FACILITATOR = allow("facilitator")


def _cohort(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id}


def _owners_goal(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    open_checkin(world)
    return {"goal_id": a_goal_of(world).id}


def _owners_goals(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    a_goal_of(world)
    return {"cohort_id": world.cohort.id, "user_id": world.owner.id}


def _goal_form(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"statement": "Rest on Sundays", **LEVELS}


ACCESS = {
    # A joined member keeps their own goals; nobody else has any here.
    "goals.mine": Case(values=_cohort, get=MEMBERS, post=MEMBERS, data=_goal_form),
    # The member and the cohort's facilitators (not admins, not other staff).
    "goals.edit": Case(
        values=_owners_goal,
        get=OWNER_AND_FACILITATOR,
        post=OWNER_AND_FACILITATOR,
        data=_goal_form,
    ),
    "goals.rate": Case(values=_owners_goal, post=OWNER, data=lambda world, values: {"rating": "1"}),
    "goals.remove": Case(values=_owners_goal, post=OWNER),
    "goals.member": Case(values=_owners_goals, get=FACILITATOR, audit={"GET": "goal.list.read"}),
    # The API: the same rules, called with each actor's token.
    "api_goals.my_goals": Case(bearer=True, values=_cohort, get=MEMBERS),
    "api_goals.create_goal": Case(
        bearer=True,
        values=_cohort,
        post=MEMBERS,
        data=lambda world, values: {"statement": "Rest on Sundays"},
    ),
    "api_goals.change_goal": Case(
        bearer=True,
        values=_owners_goal,
        patch=OWNER_AND_FACILITATOR,
        data=lambda world, values: {"statement": "Rest on Sundays", "agreed": True},
    ),
    "api_goals.rate": Case(
        bearer=True, values=_owners_goal, put=OWNER, data=lambda world, values: {"rating": 2}
    ),
    "api_goals.member_goals": Case(
        bearer=True, values=_owners_goals, get=FACILITATOR, audit={"GET": "goal.list.read"}
    ),
}
