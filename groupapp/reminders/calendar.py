"""Own reminders in the person's calendar feed, when they ask for it.

Each occurrence of the coming two weeks is an entry on its day, its time in the title
(the feed holds due dates as all-day entries). The feed's version includes today's date,
so the window moves on each day.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.calendar import register_due_source, uid_domain
from groupapp.core.timezones import format_clock, is_valid_zone, to_local
from groupapp.core.urls import external_url
from groupapp.db import db, utcnow
from groupapp.meetings.ical import CalendarDueDate
from groupapp.reminders.models import OwnReminder
from groupapp.reminders.schedule import occurrences

FEED_DAYS = 14


def _today(user: User, now: datetime | None = None) -> date:
    zone = user.timezone if is_valid_zone(user.timezone) else "UTC"
    return to_local(now or utcnow(), zone).date()


def reminder_entries(user: User) -> list[CalendarDueDate]:
    """The next ``FEED_DAYS`` days of the person's reminders that go in their feed."""
    found = db.session.scalars(
        sa.select(OwnReminder)
        .where(OwnReminder.user_id == user.id, OwnReminder.in_calendar.is_(True))
        .order_by(OwnReminder.id)
    )
    today = _today(user)
    entries = []
    for reminder in found:
        days = occurrences(
            today, FEED_DAYS, reminder.local_time, reminder.weekday_numbers, user.timezone
        )
        for day, _instant in days:
            entries.append(
                CalendarDueDate(
                    uid=f"own-reminder-{reminder.id}-{day:%Y%m%d}@{uid_domain()}",
                    summary=f"{format_clock(reminder.local_time)}: {reminder.text}",
                    due_on=day,
                    url=external_url("reminders.mine"),
                )
            )
    return entries


def reminders_version(user: User) -> list[sa.ColumnElement[Any]]:
    """Changes whenever the feed's reminder entries would: their count, latest edit, day."""
    mine = (
        sa.select(OwnReminder.updated_at)
        .where(OwnReminder.user_id == user.id, OwnReminder.in_calendar.is_(True))
        .subquery()
    )
    return [
        sa.select(sa.func.count()).select_from(mine).scalar_subquery(),
        sa.select(sa.func.max(mine.c.updated_at)).scalar_subquery(),
        sa.literal(_today(user).isoformat()),
    ]


register_due_source(reminder_entries, reminders_version)
