"""A participant's own reminder: their words, a wall-clock time in their zone, weekdays."""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import User
from groupapp.core.i18n import N_
from groupapp.db import Model, TimestampMixin, UTCDateTime

#: What a reminder is for; the words people see for each (msgids: shown through gettext).
REMINDER_KINDS = {
    "practice": N_("A practice prompt"),
    "checkin": N_("A check-in nudge"),
}
MAX_TEXT = 200
#: Reminders one person may keep (a list, not a notification firehose).
MAX_PER_PERSON = 20


class OwnReminder(TimestampMixin, Model):
    """One reminder a participant set for themselves.

    ``local_time`` on ``weekdays`` (0 = Monday, stored as "0,2,4") is read on the
    person's own clock (``users.timezone``) each time. ``next_due_at`` is the next UTC
    instant it is due: the scanner reads only rows whose moment has come, through the
    index on it, and moves it to the following occurrence when it writes the email.
    """

    __tablename__ = "own_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default="practice")
    text: Mapped[str] = mapped_column(sa.String(MAX_TEXT))
    local_time: Mapped[time] = mapped_column(sa.Time)
    weekdays: Mapped[str] = mapped_column(sa.String(20))
    in_calendar: Mapped[bool] = mapped_column(default=False)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    user: Mapped[User] = relationship()

    @property
    def weekday_numbers(self) -> tuple[int, ...]:
        """The weekdays (0 = Monday) in order."""
        return tuple(int(day) for day in self.weekdays.split(",") if day)
