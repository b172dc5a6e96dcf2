"""Own reminders in a person's data export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.personal_data import register_section
from groupapp.db import db
from groupapp.reminders.models import OwnReminder
from groupapp.reminders.services import reminders_of


def export_reminders(user: User) -> list[dict[str, Any]]:
    """Each reminder: words, kind, local time, weekdays (0 = Monday), calendar choice."""
    return [
        {
            "text": reminder.text,
            "kind": reminder.kind,
            "local_time": reminder.local_time.strftime("%H:%M"),
            "weekdays": list(reminder.weekday_numbers),
            "in_calendar": reminder.in_calendar,
            "created_at": reminder.created_at.isoformat(),
        }
        for reminder in reminders_of(user.id)
    ]


def erase_reminders(user: User) -> None:
    """Delete the person's reminders (emails still queued for them find nothing)."""
    db.session.execute(sa.delete(OwnReminder).where(OwnReminder.user_id == user.id))
    db.session.flush()


register_section("own_reminders", export_reminders, erase_reminders)
