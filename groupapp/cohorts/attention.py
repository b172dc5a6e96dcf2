"""Start-page counts the cohorts own: absence flags and invitations not yet answered."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import Invitation, User
from groupapp.cohorts.access import managed_cohorts_query
from groupapp.cohorts.models import Cohort
from groupapp.core.attention import Attention, register_attention
from groupapp.db import db, utcnow
from groupapp.meetings.models import AbsenceFlag


def managed_cohort_ids(user: User) -> sa.Select[Any]:
    """A subquery of the ids of the cohorts ``user`` runs (admins: the organisation's)."""
    return managed_cohorts_query(user).with_only_columns(Cohort.id)


def _count(query: sa.Select[Any]) -> int:
    return db.session.scalar(query) or 0


def absence_flags(user: User) -> Attention:
    """Members who missed several meetings in a row (open flags), one statement."""
    count = _count(
        sa.select(sa.func.count(AbsenceFlag.id)).where(
            AbsenceFlag.cleared_at.is_(None), AbsenceFlag.cohort_id.in_(managed_cohort_ids(user))
        )
    )
    return Attention(
        "absences",
        count,
        "member missing meetings in a row",
        "members missing meetings in a row",
        "cohorts.index",
        "your-cohorts",
    )


def pending_invitations(user: User) -> Attention:
    """Cohort invitations sent and not yet accepted, still valid, one statement."""
    count = _count(
        sa.select(sa.func.count(Invitation.id)).where(
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
            Invitation.cohort_id.in_(managed_cohort_ids(user)),
        )
    )
    return Attention(
        "invitations",
        count,
        "invitation waiting for an answer",
        "invitations waiting for an answer",
        "cohorts.index",
        "your-cohorts",
    )


register_attention("absences", absence_flags, order=30)
register_attention("invitations", pending_invitations, order=50)
