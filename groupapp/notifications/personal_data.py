"""The notifications part of a person's data export and erasure: their email settings,
bounce marks and the messages sent to them (kinds and dates, not the text)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.outbox import OutboxMessage
from groupapp.core.personal_data import register_section
from groupapp.db import db
from groupapp.notifications.models import NotificationPreference, UndeliverableAddress


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_notifications(user: User) -> dict[str, Any]:
    """Preferences, bounce marks and the list of messages addressed to ``user``."""
    pref = db.session.get(NotificationPreference, user.id)
    bounces = db.session.scalars(
        sa.select(UndeliverableAddress).where(UndeliverableAddress.user_id == user.id)
    )
    messages = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient_id == user.id)
        .order_by(OutboxMessage.id)
    )
    return {
        "preferences": None
        if pref is None
        else {
            "turned_off": pref.disabled,
            "digest_day": pref.digest_day,
            "digest_hour": pref.digest_hour,
        },
        "undeliverable_addresses": [
            {"email": b.email, "reason": b.reason, "marked_at": _iso(b.marked_at)} for b in bounces
        ],
        "messages": [
            {
                "kind": m.kind,
                "to": m.recipient_email,
                "status": m.status,
                "created_at": _iso(m.created_at),
                "sent_at": _iso(m.sent_at),
            }
            for m in messages
        ],
    }


def erase_notifications(user: User) -> None:
    """Delete the person's settings, bounce marks and message rows (flushes)."""
    db.session.execute(
        sa.delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    db.session.execute(
        sa.delete(UndeliverableAddress).where(
            sa.or_(
                UndeliverableAddress.user_id == user.id, UndeliverableAddress.email == user.email
            )
        )
    )
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.recipient_id == user.id))
    db.session.flush()


register_section("notifications", export_notifications, erase_notifications)
