"""Participants' own reminders: one email per reminder and occurrence.

Reads only the rows whose ``next_due_at`` has come (an index keeps that cheap however
many reminders people keep), writes their outbox rows in one statement and moves each
reminder to its next time in one more: three statements for any number of reminders.
The dedupe key names the reminder and its moment, so a second scan, or two beats racing,
write the email once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from groupapp.core.outbox import enqueue_many
from groupapp.notifications.scanners.common import Person, row
from groupapp.reminders.emails import KIND
from groupapp.reminders.services import DueReminder, advance, due_reminders

#: A reminder more than this late (the worker was stopped) is skipped, not sent.
LATE_AFTER = timedelta(hours=1)


def _sendable(item: DueReminder, now: datetime) -> bool:
    return item.active and item.on_owners_clock and now - item.due_at <= LATE_AFTER


def own_reminder_rows(due: list[DueReminder], now: datetime) -> list[dict[str, Any]]:
    """Outbox rows for the due reminders that are still worth sending."""
    return [
        row(
            KIND,
            Person(item.user_id, item.email, item.organisation_id, item.timezone),
            f"{item.id}:{item.due_at:%Y%m%dT%H%M}",
            {"reminder_id": item.id, "due_at": item.due_at.isoformat()},
            expires_at=item.due_at + LATE_AFTER,
        )
        for item in due
        if _sendable(item, now)
    ]


def scan_own_reminders(now: datetime) -> int:
    """Write the own reminders due at ``now`` and move each to its next time."""
    due = due_reminders(now)
    offered = enqueue_many(own_reminder_rows(due, now))
    advance(due, now)
    return offered
