"""Read-side intake queries, each one statement whatever the cohort's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.db import db
from groupapp.intake.models import IntakeResponse


def members_response() -> sa.ColumnElement[bool]:
    """Join condition: the intake response that belongs to a ``Membership`` row."""
    return sa.and_(
        IntakeResponse.cohort_id == Membership.cohort_id,
        IntakeResponse.user_id == Membership.user_id,
    )


@dataclass(frozen=True)
class IntakeStatus:
    """One joined member and where their intake stands."""

    user_id: int
    name: str
    submitted_at: datetime | None
    started: bool

    @property
    def is_complete(self) -> bool:
        """Whether the member has submitted their intake."""
        return self.submitted_at is not None


def cohort_intake_status(cohort_id: int) -> list[IntakeStatus]:
    """Every joined member of the cohort with their intake state, those not done first."""
    rows = db.session.execute(
        sa.select(User.id, User.display_name, IntakeResponse.submitted_at, IntakeResponse.id)
        .join(Membership, Membership.user_id == User.id)
        .outerjoin(IntakeResponse, members_response())
        .where(Membership.cohort_id == cohort_id, joined_clause(), User.erased_at.is_(None))
        .order_by(IntakeResponse.submitted_at.is_not(None), sa.func.lower(User.display_name))
    ).all()
    return [
        IntakeStatus(user_id, name, submitted_at, response_id is not None)
        for user_id, name, submitted_at, response_id in rows
    ]


def open_intakes(user_id: int) -> list[tuple[int, str]]:
    """``(cohort_id, cohort name)`` of joined cohorts whose intake the person has not
    submitted, for the start page."""
    return [
        (cohort_id, name)
        for cohort_id, name in db.session.execute(
            sa.select(Cohort.id, Cohort.name)
            .join(Membership, Membership.cohort_id == Cohort.id)
            .outerjoin(IntakeResponse, members_response())
            .where(Membership.user_id == user_id, joined_clause())
            .where(Cohort.status == "active", IntakeResponse.submitted_at.is_(None))
            .order_by(Cohort.name)
        )
    ]


def intake_counts(cohort_id: int) -> tuple[int, int]:
    """``(sent, joined)``: how many joined members have sent their intake, in one statement."""
    sent, joined = db.session.execute(
        sa.select(sa.func.count(IntakeResponse.submitted_at), sa.func.count(Membership.id))
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .outerjoin(IntakeResponse, members_response())
        .where(Membership.cohort_id == cohort_id, joined_clause(), User.erased_at.is_(None))
    ).one()
    return int(sent), int(joined)
