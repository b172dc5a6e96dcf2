"""Start-page count: members whose email address bounces (mail cannot reach them)."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.attention import managed_cohort_ids
from groupapp.cohorts.membership_state import JOINED_STATUS
from groupapp.cohorts.models import Membership
from groupapp.core.attention import Counter, register_attention
from groupapp.notifications.models import UndeliverableAddress


def bounced_addresses(user: User) -> sa.ScalarSelect[int]:
    """Open undeliverable addresses of active members of the user's cohorts, as a scalar
    subquery."""
    members = sa.select(Membership.user_id).where(
        Membership.status == JOINED_STATUS, Membership.cohort_id.in_(managed_cohort_ids(user))
    )
    return (
        sa.select(sa.func.count(UndeliverableAddress.id))
        .where(UndeliverableAddress.cleared_at.is_(None), UndeliverableAddress.user_id.in_(members))
        .scalar_subquery()
    )


register_attention(
    Counter(
        "bounces",
        bounced_addresses,
        "member's email address bounces",
        "members' email addresses bounce",
        "cohorts.index",
        "your-cohorts",
        order=40,
    )
)
