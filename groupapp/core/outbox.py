"""Outgoing messages as rows first.

A change that causes a message writes an ``OutboxMessage`` in its own transaction; once that
transaction commits, the row's id is handed to the worker (or sent in-process when
``MAIL_DISPATCH`` is "inline"). The unique dedupe key makes every message exist once, and
the status change from "queued" to "sending" is a compare-and-set, so only one sender ever
claims a row.

Failures: a transient SMTP error (4xx, refused connection, timeout) puts the row back in the
queue with an exponential, jittered delay until ``OUTBOX_MAX_ATTEMPTS``; a permanent one
(5xx) fails the row at once and tells the ``on_permanent_failure`` hooks (the notifications
package marks the address undeliverable). Higher packages plug in without being imported
here: ``send_gate`` can skip a message (preferences), ``content_hook`` can add to it
(unsubscribe headers).
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, cast

import sqlalchemy as sa
from flask import current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from groupapp.core.bulk_insert import (
    insert_ignoring_conflicts,
    insert_selected_ignoring_conflicts,
)
from groupapp.core.mail import EmailContent
from groupapp.db import Model, UTCDateTime, db, utcnow

log = logging.getLogger(__name__)

OUTBOX_STATUSES = ("queued", "sending", "sent", "failed", "skipped")
SEND_TASK = "groupapp.send_message"
#: Rows handed to the worker together: one task sends them over one SMTP connection.
SEND_BATCH_TASK = "groupapp.send_messages"
#: A hundred rows, as many as one SMTP connection carries (``mail.MESSAGES_PER_CONNECTION``):
#: the batch's lookups, its meetings' calendar files and the task round trip are shared
#: by more messages, and a killed worker still resends only what its last second of
#: marks had not recorded (marks do not wait for the batch's end).
HAND_OVER_BATCH = 100
#: Kinds nobody can unsubscribe from: safety and access to the account.
ESSENTIAL_KINDS = frozenset(
    {
        "password_reset",
        "invitation",
        "risk_alert",
        "risk_alert_escalation",
        # About a person's own data-rights request: transactional, never marketing.
        "privacy_deletion_requested",
        "privacy_deletion_decided",
        # Confirming a new sign-in address, and telling the old one it was changed.
        "email_change_confirm",
        "email_changed",
    }
)

Builder = Callable[["OutboxMessage"], EmailContent | None]
Gate = Callable[["OutboxMessage"], str | None]
ContentHook = Callable[["OutboxMessage", EmailContent], None]
FailureHook = Callable[["OutboxMessage", str], None]
_builders: dict[str, Builder] = {}
_gates: list[Gate] = []
_content_hooks: list[ContentHook] = []
_failure_hooks: list[FailureHook] = []


#: The statuses of rows still to be sent (``ix_outbox_messages_waiting`` holds only these).
WAITING = "status IN ('queued', 'sending')"


class OutboxMessage(Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    dedupe_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    recipient_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    recipient_email: Mapped[str] = mapped_column(sa.String(254))
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20), default="queued")
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A reminder whose moment has passed is skipped rather than sent late.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the row id was last given to the broker; the scan re-hands it only after a while.
    handed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The sender's scans read only rows waiting to go (queued, or held by a sender):
    # a partial index keeps them, a few among every message ever sent. Scanners insert
    # thousands of rows at a busy moment and every send changes a row's status twice, so
    # the table carries no index on status, send_after or kind over all of its rows.
    __table_args__ = (
        sa.Index(
            "ix_outbox_messages_waiting",
            "send_after",
            "id",
            postgresql_where=sa.text(WAITING),
            sqlite_where=sa.text(WAITING),
        ),
    )

    @property
    def message_id(self) -> str:
        """A stable Message-ID derived from the dedupe key, so a resend is recognisable."""
        return self.message_id_for(self.dedupe_key)

    @staticmethod
    def message_id_for(dedupe_key: str) -> str:
        """The ``Message-ID`` header of the row with ``dedupe_key`` (``<hex@groupapp>``)."""
        digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
        return f"<{digest}@groupapp>"

    @property
    def is_essential(self) -> bool:
        return self.kind in ESSENTIAL_KINDS


@dataclass(frozen=True)
class Outcome:
    """How sending one row ended: its status, and for a transient failure the delay."""

    status: str  # "sent", "skipped", "failed", or "queued" (to be tried again)
    retry_in: float | None = None  # seconds until the row is due again


class RetryLater(Exception):
    """A transient failure: the row is queued again and should be tried after ``delay``."""

    def __init__(self, delay: float) -> None:
        super().__init__(f"retry in {delay:.1f}s")
        self.delay = delay


def registered_kinds() -> frozenset[str]:
    """Every kind of message some domain knows how to build."""
    return frozenset(_builders)


def message_builder(kind: str) -> Callable[[Builder], Builder]:
    """Register the function that renders messages of ``kind`` (None means: skip it)."""

    def register(fn: Builder) -> Builder:
        _builders[kind] = fn
        return fn

    return register


def has_builder(kind: str) -> bool:
    return kind in _builders


def send_gate(fn: Gate) -> Gate:
    """Register ``fn(message) -> reason | None``; a reason skips the message unsent."""
    if fn not in _gates:
        _gates.append(fn)
    return fn


def content_hook(fn: ContentHook) -> ContentHook:
    """Register ``fn(message, content)`` to adjust rendered content before delivery."""
    if fn not in _content_hooks:
        _content_hooks.append(fn)
    return fn


def on_permanent_failure(fn: FailureHook) -> FailureHook:
    """Register ``fn(message, reason)``, called when the server rejects the address."""
    if fn not in _failure_hooks:
        _failure_hooks.append(fn)
    return fn


class Recipient(Protocol):
    """Whom a message goes to: a user (core sits below accounts, so any such object)."""

    @property
    def id(self) -> int: ...

    @property
    def organisation_id(self) -> int: ...

    @property
    def email(self) -> str: ...


def enqueue(
    kind: str,
    recipient: Recipient,
    dedupe_key: str,
    params: dict[str, Any] | None = None,
    send_after: datetime | None = None,
    expires_at: datetime | None = None,
) -> OutboxMessage | None:
    """Add a message row in the current transaction, unless its dedupe key exists.

    ``params`` hold IDs only, never personal text: the builder loads what it renders.
    ``expires_at``: after this moment the message is skipped instead of sent late.
    """
    existing = db.session.scalar(
        sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    )
    if existing is not None:
        return None
    message = OutboxMessage(
        kind=kind,
        dedupe_key=dedupe_key,
        organisation_id=recipient.organisation_id,
        recipient_id=recipient.id,
        recipient_email=recipient.email,
        params=params or {},
        send_after=send_after or utcnow(),
        expires_at=expires_at,
    )
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault("outbox_new", []).append(message.id)
    return message


def enqueue_many(rows: Iterable[dict[str, Any]], hand_over: bool = False) -> int:
    """Insert many rows in one statement, silently keeping any whose dedupe key exists.

    Each row is a dict of ``OutboxMessage`` columns (kind, dedupe_key, recipient_id,
    recipient_email, organisation_id, params, send_after, expires_at). Scanners use this
    so their statement count does not grow with the data; two scanners racing on the same
    key leave one row (``ON CONFLICT DO NOTHING`` on both databases).

    ``hand_over``: a request that writes many rows at once (one statement more) has them
    handed to the worker after its commit, as ``enqueue`` does, instead of at the next scan.
    """
    now = utcnow()
    values = [
        {"status": "queued", "attempts": 0, "created_at": now, "send_after": now, **row}
        for row in rows
    ]
    if not values:
        return 0
    # The Core table, not the mapped class: one statement, not an ORM insert per row.
    insert_ignoring_conflicts(cast(sa.Table, OutboxMessage.__table__), values, "dedupe_key")
    if hand_over:
        keys = [value["dedupe_key"] for value in values]
        ids = db.session.scalars(
            sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key.in_(keys))
        ).all()
        db.session.info.setdefault("outbox_new", []).extend(ids)
    return len(values)


def enqueue_selected(query: sa.Select[Any]) -> int:
    """Insert the rows ``query`` selects in one ``INSERT ... SELECT``, silently keeping any
    whose dedupe key exists; returns how many were inserted.

    ``query`` selects ``OutboxMessage`` columns under their names (labels: kind,
    dedupe_key, recipient_id, recipient_email, organisation_id, params, expires_at);
    status, attempts, created_at and send_after are filled as ``enqueue_many`` fills
    them. For scanners whose rows come straight from one query: the rows never travel
    through the client, and the statement is one whatever their number.
    """
    now = sa.literal(utcnow(), UTCDateTime)
    filled = query.add_columns(
        sa.literal("queued").label("status"),
        sa.literal(0).label("attempts"),
        now.label("created_at"),
        now.label("send_after"),
    )
    table = cast(sa.Table, OutboxMessage.__table__)
    return insert_selected_ignoring_conflicts(table, filled, "dedupe_key")


@event.listens_for(Session, "after_commit")
def _remember_committed(session: Session) -> None:
    new_ids = session.info.pop("outbox_new", None)
    if new_ids and has_app_context():
        g.setdefault("outbox_committed", []).extend(new_ids)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop("outbox_new", None)


def dispatch_committed() -> None:
    """Hand every message committed in this app context to the sender.

    Called after each request (and by tasks that enqueue). A broker that is down loses
    nothing: the rows stay queued and the periodic scan sends them later.
    """
    ids = g.pop("outbox_committed", [])
    if not ids:
        return
    now = utcnow()
    due = db.session.scalars(
        sa.select(OutboxMessage.id).where(
            OutboxMessage.id.in_(ids),
            OutboxMessage.status == "queued",
            OutboxMessage.send_after <= now,
        )
    ).all()
    hand_over_many(list(due))


def hand_over_many(message_ids: list[int]) -> None:
    """Hand rows to the worker, stamping ``handed_at`` so the scan does not repeat them.

    Only rows the broker accepted are stamped: while it is down the rows stay as they
    were, and the next scan offers them again.
    """
    handed: list[int] = []
    for start in range(0, len(message_ids), HAND_OVER_BATCH):
        batch = message_ids[start : start + HAND_OVER_BATCH]
        if not hand_over(batch):
            break  # the broker is down: the scan hands the rest over later
        handed.extend(batch)
    if handed and current_app.config["MAIL_DISPATCH"] != "inline":
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(handed), OutboxMessage.status == "queued")
            .values(handed_at=utcnow())
        )
        db.session.commit()


def hand_over(message_ids: list[int]) -> bool:
    """Send now (inline) or give the ids to the worker as one task; False when that failed."""
    try:
        if current_app.config["MAIL_DISPATCH"] == "inline":
            # A row that must wait is queued again with a delay; the scan sends it when due.
            send_many(message_ids)
        else:
            current_app.extensions["celery"].send_task(SEND_BATCH_TASK, args=[message_ids])
    except Exception:  # broker or mail server down: the periodic scan tries again later
        db.session.rollback()
        log.warning("outbox messages %s not handed over; they stay in the outbox", message_ids)
        return False
    return True


def claim(message_id: int) -> bool:
    """Move a due, queued row to "sending"; True only for the one caller that wins."""
    return claim_many([message_id]) == [message_id]


def claim_many(message_ids: list[int]) -> list[int]:
    """Move the due, queued rows among ``message_ids`` to "sending" in one statement.

    Returns the ids this caller won, in the order given; a row another sender holds, or
    one already sent, is not among them. Claimed rows wait their turn in "sending": if
    the process dies first, the outbox scan queues them again after their lease.
    """
    now = utcnow()
    won = set(
        db.session.scalars(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(message_ids),
                OutboxMessage.status == "queued",
                OutboxMessage.send_after <= now,
            )
            .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage.id)
        )
    )
    db.session.commit()
    return [message_id for message_id in message_ids if message_id in won]


def retry_delay(attempts: int) -> float:
    """Exponential backoff with full jitter on top: base * 2^(n-1) + up to one base."""
    base = float(current_app.config.get("OUTBOX_RETRY_BASE_SECONDS", 30))
    jitter = random.uniform(0, base)  # noqa: S311  (spreading retries, not a secret)
    return min(base * 2 ** max(attempts - 1, 0) + jitter, 3600.0)


def send_message(message_id: int) -> str:
    """Render and deliver one outbox row exactly once; returns the row's final status.

    Raises ``RetryLater`` after a transient failure (the row is already queued again).
    """
    from groupapp.core import outbox_send  # sending builds on this module, not the reverse

    return outbox_send.send_message(message_id)


def send_many(message_ids: list[int]) -> dict[int, Outcome]:
    """Claim the due rows among ``message_ids`` in one statement and send the rows won.

    Returns each sent row's ``Outcome`` by id (rows another sender holds are absent).
    See ``groupapp.core.outbox_send`` for what a batch costs.
    """
    from groupapp.core import outbox_send

    return outbox_send.send_claimed(claim_many(message_ids))
