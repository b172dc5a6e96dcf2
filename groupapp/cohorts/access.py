"""Who may see and change cohorts and memberships.

Admins manage every cohort of their organisation; facilitators manage the
cohorts they lead or co-facilitate; participants see the cohorts they are in.
Anyone else gets a 404, so a cohort's existence is not revealed.
"""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.access import policy, same_organisation

STAFF_ACTIONS = frozenset({"view", "edit", "manage", "attendance", "notes", "invite"})
# Statuses that let a participant see the cohort's schedule.
VISIBLE_MEMBERSHIP = ("invited", "active", "waitlisted")


def cohort_role(user: User, cohort: Cohort) -> str | None:
    """ "admin", "facilitator", "member" (a participant in it) or None."""
    if not same_organisation(user, cohort.organisation_id):
        return None
    if user.is_admin:
        return "admin"
    if user.role == "facilitator" and user.id in cohort.facilitator_ids():
        return "facilitator"
    if any(m.user_id == user.id and m.status in VISIBLE_MEMBERSHIP for m in cohort.memberships):
        return "member"
    return None


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
        return action in {"view", "join", "decline", "leave"}
    return manages(user, membership.cohort) and action in {"view", "history", "remove", "readd"}


def managed_cohorts_query(user: User) -> sa.Select[Cohort]:
    """Cohorts the user manages: all of the organisation for admins, else their own."""
    query = sa.select(Cohort).where(Cohort.organisation_id == user.organisation_id)
    if not user.is_admin:
        query = query.where(
            Cohort.id.in_(
                sa.select(CohortFacilitator.cohort_id).where(CohortFacilitator.user_id == user.id)
            )
        )
    return query
