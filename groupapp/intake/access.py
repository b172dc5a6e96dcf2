"""Who may fill in and read intake forms.

A member fills in their own intake for a cohort they have joined. Only the cohort's
facilitators read members' answers: not admins, not other staff, because an intake holds
family history that the people running the group need and nobody else does. Anyone
else is answered 404, so neither the cohort nor the response is revealed.
"""

from __future__ import annotations

from flask import abort

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import is_joined
from groupapp.cohorts.models import Cohort
from groupapp.db import db


def facilitates(user: User, cohort: Cohort) -> bool:
    """True when ``user`` is one of the cohort's facilitators (admins are not included)."""
    return (
        user.organisation_id == cohort.organisation_id
        and user.role == "facilitator"
        and user.id in cohort.facilitator_ids()
        and user.erased_at is None
    )


def cohort_for_member(user: User, cohort_id: int) -> Cohort:
    """The cohort ``user`` has joined, or 404."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not is_joined(user, cohort):
        abort(404)
    return cohort


def cohort_for_facilitator(user: User, cohort_id: int) -> Cohort:
    """The cohort ``user`` facilitates, or 404."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not facilitates(user, cohort):
        abort(404)
    return cohort
