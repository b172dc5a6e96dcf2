"""Who may see and change instruments, schedules, responses and risk alerts.

Staff of an organisation see its instruments; admins import them. A cohort's
facilitators (and the organisation's admins) manage its schedules, read its members'
responses and acknowledge its alerts. A participant sees and answers only their own
responses. Everything else is a 404.
"""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.models import (
    AssessmentResponse,
    AssessmentSchedule,
    Instrument,
    RiskAlert,
)
from groupapp.cohorts.access import managed_cohorts_query, manages
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.access import policy, same_organisation
from groupapp.db import db


@policy(Instrument)
def instrument_policy(user: User, instrument: Instrument, action: str) -> bool:
    if not same_organisation(user, instrument.organisation_id) or not user.is_staff:
        return False
    return action == "view" or (action == "import" and user.is_admin)


@policy(AssessmentSchedule)
def schedule_policy(user: User, schedule: AssessmentSchedule, action: str) -> bool:
    return manages(user, schedule.cohort) and action in {"view", "edit", "delete"}


@policy(AssessmentResponse)
def response_policy(user: User, response: AssessmentResponse, action: str) -> bool:
    if response.user_id == user.id:
        return action == "view" or (action == "answer" and not response.is_submitted)
    return action == "view" and manages(user, response.cohort)


@policy(RiskAlert)
def alert_policy(user: User, alert: RiskAlert, action: str) -> bool:
    return manages(user, alert.cohort) and action in {"view", "acknowledge"}


def managed_cohort_ids(user: User) -> sa.Select[tuple[int]]:
    """Ids of the cohorts ``user`` manages, as a subquery."""
    return managed_cohorts_query(user).with_only_columns(Cohort.id)


def score_cohort_ids(viewer: User, user_id: int) -> list[int] | None:
    """The cohorts in which ``viewer`` may read the scores of person ``user_id``.

    None means every cohort (one's own scores); otherwise the cohorts ``viewer`` manages
    that the person has a membership of, as the member progress page allows. An empty
    list means none: the caller answers 404.
    """
    if viewer.id == user_id:
        return None
    if not viewer.is_staff:
        return []
    return list(
        db.session.scalars(
            sa.select(Membership.cohort_id).where(
                Membership.user_id == user_id,
                Membership.cohort_id.in_(managed_cohort_ids(viewer)),
            )
        )
    )
