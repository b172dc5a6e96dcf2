"""Who a person is in a cohort right now: the one rule every door asks.

Every view, policy, feed, scanner and export that decides "is this person a member
here?" asks this module, so invited, waitlisted, removed and erased people are treated
the same way everywhere.

A person's state in a cohort is one of:

- ``"staff"``: a facilitator of the cohort, or an admin of its organisation;
- ``"joined"``: an active membership. Only ``accept_place`` (after the group agreement
  is accepted) and the waitlist that follows it seat someone, so joined also means the
  agreement was accepted;
- ``"invited"``: offered a place, the group agreement not accepted yet;
- ``"waitlisted"``: accepted the agreement, waiting for a free place;
- ``"left"``: declined, removed by a facilitator or exited by themselves;
- ``"erased"``: their data was erased on request; the anonymised row stays for the
  cohort's numbers and can never be brought back;
- ``None``: no relation to the cohort.

Meeting pages, ``.ics`` files, calendar feeds, reminders, digests and apologies are for
``"joined"`` members (and staff) only. Invited and waitlisted people see the cohort's join
page and nothing of its meetings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort, Membership

State = Literal["staff", "joined", "invited", "waitlisted", "left", "erased"]

JOINED_STATUS = "active"
PENDING_STATUSES = ("invited", "waitlisted")
# Statuses that hold or wait for a place: removing or leaving applies to them.
OPEN_STATUSES = ("invited", "active", "waitlisted")
LEFT_STATUSES = ("declined", "removed", "exited")


def is_erased(user: User) -> bool:
    """True once the person's data was erased on request (the row is anonymised)."""
    return user.erased_at is not None


def membership_state(membership: Membership) -> State:
    """The state a membership row puts its person in (never ``"staff"``)."""
    if is_erased(membership.user):
        return "erased"
    if membership.status == JOINED_STATUS:
        return "joined"
    if membership.status == "invited":
        return "invited"
    if membership.status == "waitlisted":
        return "waitlisted"
    return "left"


def person_state(user: User, cohort: Cohort) -> State | None:
    """``user``'s state in ``cohort`` now, from the cohort's loaded links and memberships.

    Staff of another organisation, and anyone else without a relation, get None.
    """
    if user.organisation_id != cohort.organisation_id:
        return None
    if user.is_admin or (user.role == "facilitator" and user.id in cohort.facilitator_ids()):
        return "staff"
    found = next((m for m in cohort.memberships if m.user_id == user.id), None)
    return membership_state(found) if found is not None else None


def is_joined(user: User, cohort: Cohort) -> bool:
    """True when ``user`` is a member who has joined ``cohort`` (staff are not members)."""
    return person_state(user, cohort) == "joined"


def joined_clause() -> sa.ColumnElement[bool]:
    """SQL condition on ``Membership`` for memberships of people who have joined."""
    return Membership.status == JOINED_STATUS


def joined_cohort_ids(user_id: int) -> sa.Select[int]:
    """A subquery of the ids of the cohorts ``user_id`` has joined."""
    return sa.select(Membership.cohort_id).where(Membership.user_id == user_id, joined_clause())


def joined_user_ids(cohort_id: int) -> sa.Select[int]:
    """A subquery of the ids of the people who have joined ``cohort_id``."""
    return sa.select(Membership.user_id).where(Membership.cohort_id == cohort_id, joined_clause())


def joined_members(cohort_ids: Iterable[int]) -> sa.Select[int, int]:
    """``(cohort_id, user_id)`` of every joined member who can still sign in.

    For scanners, digests and lists that reach many cohorts in one statement.
    """
    return (
        sa.select(Membership.cohort_id, Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.cohort_id.in_(list(cohort_ids)), joined_clause(), User.active)
    )
