"""Start-page counts the cohorts own: absence flags and invitations not yet answered."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import Invitation, User
from groupapp.cohorts.access import managed_cohorts_query
from groupapp.cohorts.models import Cohort
from groupapp.core.attention import Counter, register_attention
from groupapp.db import utcnow
from groupapp.meetings.models import AbsenceFlag


def managed_cohort_ids(user: User) -> sa.Select[Any]:
    """A subquery of the ids of the cohorts ``user`` runs (admins: the organisation's)."""
    return managed_cohorts_query(user).with_only_columns(Cohort.id)


def absence_flags(user: User) -> sa.ScalarSelect[int]:
    """Members who missed several meetings in a row (open flags), as a scalar subquery."""
    return (
        sa.select(sa.func.count(AbsenceFlag.id))
        .where(
            AbsenceFlag.cleared_at.is_(None), AbsenceFlag.cohort_id.in_(managed_cohort_ids(user))
        )
        .scalar_subquery()
    )


def pending_invitations(user: User) -> sa.ScalarSelect[int]:
    """Cohort invitations sent and not yet accepted, still valid, as a scalar subquery."""
    return (
        sa.select(sa.func.count(Invitation.id))
        .where(
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
            Invitation.cohort_id.in_(managed_cohort_ids(user)),
        )
        .scalar_subquery()
    )


register_attention(
    Counter(
        "absences",
        absence_flags,
        "member missing meetings in a row",
        "members missing meetings in a row",
        "cohorts.index",
        "your-cohorts",
        order=30,
    )
)
register_attention(
    Counter(
        "invitations",
        pending_invitations,
        "invitation waiting for an answer",
        "invitations waiting for an answer",
        "cohorts.index",
        "your-cohorts",
        order=50,
    )
)
