"""The email an own reminder sends: the person's own words and a link to change them."""

from __future__ import annotations

from flask_babel import gettext

from groupapp.accounts.models import User
from groupapp.core import send_batch
from groupapp.core.i18n import N_
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.urls import external_url
from groupapp.db import db
from groupapp.reminders.models import REMINDER_KINDS, OwnReminder

KIND = "own_reminder"


@message_builder(KIND)
def build_own_reminder(message: OutboxMessage) -> EmailContent | None:
    """The reminder, or None when it was removed or its owner can no longer sign in."""
    reminder = db.session.get(OwnReminder, message.params.get("reminder_id"))
    user: User | None = send_batch.recipient_of(message)
    if reminder is None or user is None or not user.active or reminder.user_id != user.id:
        return None
    return render_email(
        "reminders/own_reminder",
        user=user,
        reminder=reminder,
        kind_label=gettext(REMINDER_KINDS.get(reminder.kind, N_("A reminder"))),
        link=external_url("reminders.mine"),
    )
