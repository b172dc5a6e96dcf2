"""Who may see and change cohorts and memberships.

Admins manage every cohort of their organisation; facilitators manage the
cohorts they lead or co-facilitate; participants see the cohorts they are in.
Anyone else gets a 404, so a cohort's existence is not revealed.
"""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_cohort_ids, membership_state, person_state
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.access import policy
from groupapp.db import read_scalar

STAFF_ACTIONS = frozenset({"view", "edit", "manage", "attendance", "notes", "invite"})
# Offered or holding a place: the person answers the offer or leaves through their own
# membership row. The cohort itself (its details, video link, meetings) is for joined
# members only: see groupapp.cohorts.membership_state.
ANSWERING_STATES = ("joined", "invited", "waitlisted")


def cohort_role(user: User, cohort: Cohort) -> str | None:
    """ "admin", "facilitator", "member" (a participant who has joined) or None."""
    state = person_state(user, cohort)
    if state == "staff":
        return "admin" if user.is_admin else "facilitator"
    return "member" if state == "joined" else None


def manages(user: User, cohort: Cohort) -> bool:
    """True for the cohort's facilitators and the organisation's admins."""
    return cohort_role(user, cohort) in ("admin", "facilitator")


@policy(Cohort)
def cohort_policy(user: User, cohort: Cohort, action: str) -> bool:
    role = cohort_role(user, cohort)
    if role in ("admin", "facilitator"):
        return action in STAFF_ACTIONS
    return role == "member" and action == "view"


@policy(Membership)
def membership_policy(user: User, membership: Membership, action: str) -> bool:
    if membership.user_id == user.id:
        # Once declined, removed, left or erased, the place is gone from their view.
        answering = membership_state(membership) in ANSWERING_STATES
        return answering and action in {"view", "join", "decline", "leave"}
    return manages(user, membership.cohort) and action in {"view", "history", "remove", "readd"}


def managed_cohorts_query(user: User) -> sa.Select[Cohort]:
    """Cohorts the user manages: all of the organisation for admins, else their own."""
    return _managed(user.organisation_id, user.id, admin=user.is_admin)


def _managed(organisation_id: Any, user_id: Any, admin: bool) -> sa.Select[Cohort]:
    """The rule of ``managed_cohorts_query``, for values or bound parameters."""
    query = sa.select(Cohort).where(Cohort.organisation_id == organisation_id)
    if not admin:
        query = query.where(
            Cohort.id.in_(
                sa.select(CohortFacilitator.cohort_id).where(CohortFacilitator.user_id == user_id)
            )
        )
    return query


@functools.lru_cache(maxsize=2)  # one statement per kind of staff
def _manages_statement(admin: bool) -> sa.Select[bool]:
    # Built once per kind of staff: this runs on every cache hit of the cohort page.
    managed = _managed(sa.bindparam("organisation_id"), sa.bindparam("user_id"), admin=admin)
    return sa.select(managed.where(Cohort.id == sa.bindparam("cohort_id")).exists())


def manages_now(user: User, cohort_id: int) -> bool:
    """Whether ``user`` manages cohort ``cohort_id``, asked of the database in one
    statement (the staff rule of ``cohort_policy`` in SQL), for a page served again from
    the page cache without loading the cohort."""
    if not (user.active and user.is_staff):
        return False
    values = {"organisation_id": user.organisation_id, "user_id": user.id, "cohort_id": cohort_id}
    return bool(read_scalar(_manages_statement(user.is_admin), values))


def visible_cohorts_query(user: User) -> sa.Select[Cohort]:
    """Cohorts the user may open: those they manage (staff), or have joined (the same
    rule ``cohort_role`` applies)."""
    if user.is_staff:
        return managed_cohorts_query(user)
    return sa.select(Cohort).where(
        Cohort.organisation_id == user.organisation_id,
        Cohort.id.in_(joined_cohort_ids(user.id)),
    )
