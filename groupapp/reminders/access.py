"""Who may see and change an own reminder: the participant who set it, and nobody else.

Facilitators do not see members' own reminders: they are private practice.
"""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.core.access import policy
from groupapp.reminders.models import OwnReminder

#: The role whose people keep their own reminders.
REMINDER_ROLES = ("participant",)


@policy(OwnReminder)
def own_reminder_policy(user: User, reminder: OwnReminder, action: str) -> bool:
    return reminder.user_id == user.id and action in {"view", "edit", "delete"}
