"""The periodic outbox scan: expire, recover, and hand due rows to the worker.

Beat runs ``scan_outbox`` every interval. It is safe to run twice at once (a second beat,
a manual run): handing a row over twice costs a no-op task, because only one sender can
claim it. The statement count is fixed, whatever the size of the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from groupapp.core.outbox import ESSENTIAL_KINDS, OutboxMessage, hand_over_many
from groupapp.db import db, utcnow

BATCH = 500


@dataclass(frozen=True)
class ScanResult:
    expired: int
    recovered: int
    gave_up: int
    handed: int


def _seconds(name: str, default: float) -> timedelta:
    return timedelta(seconds=float(current_app.config.get(name, default)))


def lapsed(
    column: sa.orm.InstrumentedAttribute[datetime | None], now: datetime
) -> sa.ColumnElement[bool]:
    """``column`` (a claim or hand-over time) is older than the row's lease.

    Essential kinds (risk alerts, their escalation, password resets) have a short lease
    (``OUTBOX_ESSENTIAL_SENDING_TIMEOUT_SECONDS``, 45 s): a worker killed while holding
    one delays it by the lease plus one scan interval, not ten minutes. Other rows wait
    ``OUTBOX_SENDING_TIMEOUT_SECONDS`` (600 s), longer than any healthy send.
    """
    general = now - _seconds("OUTBOX_SENDING_TIMEOUT_SECONDS", 600)
    essential = now - _seconds("OUTBOX_ESSENTIAL_SENDING_TIMEOUT_SECONDS", 45)
    return sa.or_(
        column <= general,
        sa.and_(OutboxMessage.kind.in_(sorted(ESSENTIAL_KINDS)), column <= essential),
    )


def _changed(statement: sa.Update) -> int:
    result = db.session.execute(statement)
    return int(getattr(result, "rowcount", 0))


def expire_passed() -> int:
    """Queued rows whose moment passed become "skipped": never sent late."""
    return _changed(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == "queued", OutboxMessage.expires_at <= utcnow())
        .values(status="skipped", last_error="expired")
    )


def recover_stuck() -> tuple[int, int]:
    """Rows left in "sending" by a killed worker go back to the queue (or fail at the limit).

    A row is left alone for its lease (see ``lapsed``): short for essential kinds.

    Only a worker killed between the SMTP server's acceptance and its own status update
    makes this resend a message that already arrived; the Message-ID is the same, so the
    receiving side can tell.
    """
    max_attempts = int(current_app.config.get("OUTBOX_MAX_ATTEMPTS", 6))
    stuck = sa.and_(OutboxMessage.status == "sending", lapsed(OutboxMessage.claimed_at, utcnow()))
    gave_up = _changed(
        sa.update(OutboxMessage)
        .where(stuck, OutboxMessage.attempts >= max_attempts)
        .values(status="failed", last_error="interrupted too often")
    )
    recovered = _changed(
        sa.update(OutboxMessage)
        .where(stuck)
        .values(status="queued", handed_at=None, last_error="interrupted; queued again")
    )
    return recovered, gave_up


def due_ids(limit: int = BATCH) -> list[int]:
    """Queued rows that are due and not handed over recently, oldest first."""
    now = utcnow()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(
                OutboxMessage.status == "queued",
                OutboxMessage.send_after <= now,
                sa.or_(OutboxMessage.handed_at.is_(None), lapsed(OutboxMessage.handed_at, now)),
            )
            .order_by(OutboxMessage.send_after, OutboxMessage.id)
            .limit(limit)
        )
    )


def scan_outbox() -> ScanResult:
    """One pass: expire, recover, then hand what is due to the sender."""
    expired = expire_passed()
    recovered, gave_up = recover_stuck()
    db.session.commit()
    ids = due_ids()
    hand_over_many(ids)
    return ScanResult(expired, recovered, gave_up, len(ids))


def retry(message: OutboxMessage) -> bool:
    """Queue a failed or skipped row again for an admin (flushes); False if not allowed."""
    if message.status not in ("failed", "skipped"):
        return False
    message.status = "queued"
    message.attempts = 0
    message.send_after = utcnow()
    message.expires_at = None
    message.handed_at = None
    message.last_error = None
    db.session.flush()
    return True
