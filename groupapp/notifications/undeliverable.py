"""Addresses the mail server rejected for good, and how facilitators see them.

For member pages: ``undeliverable_by_user(user_ids)`` answers in one query, and
``templates/notifications/_undeliverable.html`` shows the notice for one member
(pass ``undeliverable=<row or None>``).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from groupapp.accounts.models import User
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
    """Open marks on these users' current addresses, keyed by user id (one query).

    A mark on an address the person has since changed no longer shows.
    """
    ids = list(user_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(User.id, UndeliverableAddress)
        .join(User, User.email == UndeliverableAddress.email)
        .where(User.id.in_(ids), UndeliverableAddress.cleared_at.is_(None))
    )
    return dict(rows.all())  # type: ignore[arg-type]


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
