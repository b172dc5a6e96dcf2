"""Addresses the mail server rejected for good, and how facilitators see them.

For member pages: ``undeliverable_by_user(user_ids)`` answers in one query, and
``templates/notifications/_undeliverable.html`` shows the notice for one member
(pass ``undeliverable=<row or None>``).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from groupapp.core.outbox import OutboxMessage, on_permanent_failure
from groupapp.db import db, utcnow
from groupapp.notifications.models import UndeliverableAddress


@on_permanent_failure
def mark_undeliverable(message: OutboxMessage, reason: str) -> None:
    """Remember that ``message``'s address bounced permanently (5xx)."""
    row = db.session.scalar(
        sa.select(UndeliverableAddress).where(UndeliverableAddress.email == message.recipient_email)
    )
    if row is None:
        row = UndeliverableAddress(email=message.recipient_email)
        db.session.add(row)
    row.user_id = message.recipient_id
    row.reason = reason[:300]
    row.marked_at = utcnow()
    row.cleared_at = None
    db.session.flush()


def undeliverable_by_user(user_ids: Iterable[int]) -> dict[int, UndeliverableAddress]:
    """Open undeliverable marks for these users, keyed by user id (one query)."""
    ids = list(user_ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        sa.select(UndeliverableAddress).where(
            UndeliverableAddress.user_id.in_(ids), UndeliverableAddress.cleared_at.is_(None)
        )
    )
    return {row.user_id: row for row in rows if row.user_id is not None}


def clear_undeliverable(email: str) -> bool:
    """Forget a bounce (the address was fixed); True when one was open."""
    row = db.session.scalar(
        sa.select(UndeliverableAddress).where(
            UndeliverableAddress.email == email, UndeliverableAddress.cleared_at.is_(None)
        )
    )
    if row is None:
        return False
    row.cleared_at = utcnow()
    db.session.flush()
    return True
