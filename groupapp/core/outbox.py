"""Outgoing messages as rows first.

A change that causes a message writes an ``OutboxMessage`` in its own transaction; once that
transaction commits, the row's id is handed to the worker (or sent in-process when
``MAIL_DISPATCH`` is "inline"). The unique dedupe key makes every message exist once, and
the status change from "queued" to "sending" is a compare-and-set, so only one sender ever
claims a row.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from groupapp.accounts.models import User
from groupapp.core.mail import EmailContent, build_message, deliver
from groupapp.db import UTCDateTime, db, utcnow

log = logging.getLogger(__name__)

OUTBOX_STATUSES = ("queued", "sending", "sent", "failed", "skipped")
SEND_TASK = "groupapp.send_message"

Builder = Callable[["OutboxMessage"], EmailContent | None]
_builders: dict[str, Builder] = {}


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    dedupe_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    recipient_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    recipient_email: Mapped[str] = mapped_column(sa.String(254))
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20), default="queued", index=True)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recipient: Mapped[User | None] = relationship()

    @property
    def message_id(self) -> str:
        """A stable Message-ID derived from the dedupe key, so a resend is recognisable."""
        digest = hashlib.sha256(self.dedupe_key.encode()).hexdigest()[:32]
        return f"<{digest}@groupapp>"


def message_builder(kind: str) -> Callable[[Builder], Builder]:
    """Register the function that renders messages of ``kind`` (None means: skip it)."""

    def register(fn: Builder) -> Builder:
        _builders[kind] = fn
        return fn

    return register


def enqueue(
    kind: str,
    recipient: User,
    dedupe_key: str,
    params: dict[str, Any] | None = None,
    send_after: datetime | None = None,
) -> OutboxMessage | None:
    """Add a message row in the current transaction, unless its dedupe key exists.

    ``params`` hold IDs only, never personal text: the builder loads what it renders.
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
    )
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault("outbox_new", []).append(message.id)
    return message


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
    for message_id in due:
        hand_over(message_id)


def hand_over(message_id: int) -> None:
    try:
        if current_app.config["MAIL_DISPATCH"] == "inline":
            send_message(message_id)
        else:
            current_app.extensions["celery"].send_task(SEND_TASK, args=[message_id])
    except Exception:  # broker or mail server down: the periodic scan tries again later
        db.session.rollback()
        log.warning("outbox message %s not handed over; it stays in the outbox", message_id)


def claim(message_id: int) -> bool:
    """Move a queued row to "sending"; True only for the one caller that wins."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "queued")
        .values(status="sending", claimed_at=utcnow(), attempts=OutboxMessage.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def send_message(message_id: int) -> str:
    """Render and deliver one outbox row exactly once; returns the row's final status."""
    if not claim(message_id):
        message = db.session.get(OutboxMessage, message_id)
        return message.status if message else "missing"
    message = db.session.get(OutboxMessage, message_id)
    assert message is not None
    builder = _builders.get(message.kind)
    if builder is None:
        raise LookupError(f"no message builder for kind {message.kind!r}")
    content = builder(message)
    if content is None:
        message.status = "skipped"
        db.session.commit()
        return message.status
    deliver(build_message(content, message.recipient_email, message.message_id))
    message.status = "sent"
    message.sent_at = utcnow()
    db.session.commit()
    return message.status
