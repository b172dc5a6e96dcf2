"""Access expectations for own reminders (tests/trust/README.md): each person's are theirs."""

from __future__ import annotations

from datetime import time
from typing import Any

from groupapp.db import db
from groupapp.reminders import services
from tests.trust.matrix import PARTICIPANTS_ONLY, Case, allow

OWNER = allow("owner")


def owners_reminder(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    reminder = services.add_reminder(
        world.owner,
        services.ReminderFields(
            "Notice one moment you said yes and meant no", "practice", time(8, 30), (0, 2, 4)
        ),
    )
    db.session.commit()
    return {"reminder_id": reminder.id}


def reminder_form(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "text": "Check in with myself",
        "kind": "checkin",
        "local_time": "19:00",
        "weekdays": ["1", "3"],
    }


def reminder_json(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "text": "Check in with myself",
        "kind": "checkin",
        "local_time": "19:00",
        "weekdays": [1, 3],
    }


ACCESS = {
    "reminders.mine": Case(get=PARTICIPANTS_ONLY, post=PARTICIPANTS_ONLY, data=reminder_form),
    "reminders.edit": Case(values=owners_reminder, get=OWNER, post=OWNER, data=reminder_form),
    "reminders.delete": Case(values=owners_reminder, post=OWNER),
    "api_reminders.list_reminders": Case(bearer=True, get=PARTICIPANTS_ONLY),
    "api_reminders.add_reminder": Case(bearer=True, post=PARTICIPANTS_ONLY, data=reminder_json),
    "api_reminders.get_reminder": Case(bearer=True, values=owners_reminder, get=OWNER),
    "api_reminders.change_reminder": Case(
        bearer=True, values=owners_reminder, patch=OWNER, data=lambda w, v: {"in_calendar": True}
    ),
    "api_reminders.delete_reminder": Case(bearer=True, values=owners_reminder, delete=OWNER),
}
