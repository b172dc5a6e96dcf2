"""Own reminders: add, change, remove; and advance the ones the scanner has sent.

They flush, never commit: the view, the API call or the scan commits once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time

import sqlalchemy as sa
from flask_babel import gettext

from groupapp.accounts.models import User
from groupapp.core.actions import Refusal
from groupapp.core.template_helpers import list_of
from groupapp.core.timezones import (
    format_clock,
    format_for_viewer,
    is_valid_zone,
    resolve_repeating,
    to_local,
)
from groupapp.core.timezones import weekday_names as day_names
from groupapp.db import db, utcnow
from groupapp.reminders.models import MAX_PER_PERSON, MAX_TEXT, REMINDER_KINDS, OwnReminder
from groupapp.reminders.schedule import next_due


class ReminderRefused(Refusal):
    """A reminder could not be saved as given; the message says why."""


@dataclass(frozen=True)
class ReminderFields:
    """What a person sets: the words, the kind, a wall-clock time, weekdays (0 = Monday)."""

    text: str
    kind: str
    local_time: time
    weekdays: tuple[int, ...]
    in_calendar: bool = False


def _checked(fields: ReminderFields) -> ReminderFields:
    text = fields.text.strip()
    if not text:
        raise ReminderRefused(gettext("Write what the reminder should say."))
    if len(text) > MAX_TEXT:
        raise ReminderRefused(gettext("Keep the reminder to %(count)s characters.", count=MAX_TEXT))
    if fields.kind not in REMINDER_KINDS:
        raise ReminderRefused(gettext("Choose what kind of reminder this is."))
    days = tuple(sorted(set(fields.weekdays)))
    if not days or not all(0 <= day <= 6 for day in days):
        raise ReminderRefused(gettext("Choose at least one weekday."))
    at = fields.local_time.replace(second=0, microsecond=0, tzinfo=None)
    return ReminderFields(text, fields.kind, at, days, fields.in_calendar)


def reminders_of(user_id: int) -> list[OwnReminder]:
    """The person's reminders, earliest time of day first (one statement)."""
    return list(
        db.session.scalars(
            sa.select(OwnReminder)
            .where(OwnReminder.user_id == user_id)
            .order_by(OwnReminder.local_time, OwnReminder.id)
        )
    )


def _apply(reminder: OwnReminder, fields: ReminderFields, zone: str, now: datetime) -> None:
    reminder.text = fields.text
    reminder.kind = fields.kind
    reminder.local_time = fields.local_time
    reminder.weekdays = ",".join(str(day) for day in fields.weekdays)
    reminder.in_calendar = fields.in_calendar
    reminder.next_due_at = next_due(now, fields.local_time, fields.weekdays, zone)


def add_reminder(user: User, fields: ReminderFields, now: datetime | None = None) -> OwnReminder:
    """A new reminder for ``user``, first due at its next time on their clock.

    Raises ``ReminderRefused`` for empty or over-long words, an unknown kind, no
    weekday, or more than ``MAX_PER_PERSON`` reminders.
    """
    fields = _checked(fields)
    count = db.session.scalar(sa.select(sa.func.count()).where(OwnReminder.user_id == user.id))
    if (count or 0) >= MAX_PER_PERSON:
        raise ReminderRefused(
            gettext(
                "You have %(count)s reminders, the most one person can keep. "
                "Remove one to add another.",
                count=MAX_PER_PERSON,
            )
        )
    reminder = OwnReminder(user_id=user.id)
    _apply(reminder, fields, user.timezone, now or utcnow())
    db.session.add(reminder)
    db.session.flush()
    return reminder


def change_reminder(
    reminder: OwnReminder, fields: ReminderFields, now: datetime | None = None
) -> OwnReminder:
    """Replace a reminder's settings; its next time is worked out again from now."""
    _apply(reminder, _checked(fields), reminder.user.timezone, now or utcnow())
    db.session.flush()
    return reminder


def remove_reminder(reminder: OwnReminder) -> None:
    """Delete a reminder; an email already written for it is not sent (its builder
    finds nothing)."""
    db.session.delete(reminder)
    db.session.flush()


@dataclass(frozen=True)
class DueReminder:
    """A reminder whose moment has come, with what the scan needs of its owner."""

    id: int
    due_at: datetime
    local_time: time
    weekdays: str
    user_id: int
    email: str
    organisation_id: int
    timezone: str
    active: bool

    @property
    def weekday_numbers(self) -> tuple[int, ...]:
        return tuple(int(day) for day in self.weekdays.split(",") if day)

    @property
    def on_owners_clock(self) -> bool:
        """Whether ``due_at`` is still the reminder's time on its owner's clock: False
        once they moved to another zone (the scan then reschedules it, unsent)."""
        zone = self.timezone if is_valid_zone(self.timezone) else "UTC"
        day = to_local(self.due_at, zone).date()
        return resolve_repeating(day, self.local_time, zone)[0] == self.due_at


def due_reminders(now: datetime) -> list[DueReminder]:
    """Every reminder due at or before ``now`` (one statement, through the index)."""
    rows = db.session.execute(
        sa.select(
            OwnReminder.id,
            OwnReminder.next_due_at,
            OwnReminder.local_time,
            OwnReminder.weekdays,
            User.id,
            User.email,
            User.organisation_id,
            User.timezone,
            User.active,
        )
        .join(User, User.id == OwnReminder.user_id)
        .where(OwnReminder.next_due_at <= now)
    ).all()
    return [DueReminder(*row) for row in rows]  # type: ignore[arg-type]  # due: not None


def advance(due: Sequence[DueReminder], now: datetime) -> None:
    """Move each reminder to its next time after ``now`` (one statement for them all)."""
    if not due:
        return
    db.session.execute(
        sa.update(OwnReminder),
        [
            {
                "id": item.id,
                "next_due_at": next_due(now, item.local_time, item.weekday_numbers, item.timezone),
            }
            for item in due
        ],
    )


def weekday_names(days: Iterable[int]) -> str:
    """ "Monday, Wednesday and Friday" in the language being rendered (Babel's day names
    and list pattern); "every day" for all seven."""
    chosen = sorted(set(days))
    if len(chosen) == 7:
        return gettext("every day")
    names = day_names()
    return list_of(names[day] for day in chosen)


def describe(reminder: OwnReminder, zone: str) -> str:
    """ "8:30 am on Monday and Thursday" and, when known, the next time in ``zone``,
    in the language being rendered."""
    clock = format_clock(reminder.local_time)
    chosen = set(reminder.weekday_numbers)
    if len(chosen) == 7:
        when = gettext("%(time)s every day", time=clock)
    else:
        when = gettext("%(time)s on %(days)s", time=clock, days=weekday_names(chosen))
    if reminder.next_due_at is None:
        return when
    return gettext(
        "%(when)s (next: %(next)s)", when=when, next=format_for_viewer(reminder.next_due_at, zone)
    )
