"""Demo mail: the messages the worker sends, there to read right after the demo starts.

Runs last. A fresh demo would otherwise show only what is sent at once (the risk alert):
reminders and digests go out at their moments, hours or days later. So this seeder runs
the real scanners at the moments those messages fall due (the day before the next meeting,
the day before the next homework deadline, each hour of the coming week for the weekly
digests), then brings the rows it made forward to now. The worker sends them through the
ordinary builders, and the captured mail (``/dev/mail``) holds one of each kind. It also
invites a newcomer to the first cohort, which sends an invitation.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from groupapp.cohorts import services as cohorts
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from groupapp.demo import DemoContext
from groupapp.homework.models import Assignment
from groupapp.meetings.models import Meeting
from groupapp.notifications.scanners.digests import scan_digests
from groupapp.notifications.scanners.homework import scan_homework
from groupapp.notifications.scanners.meetings import scan_meeting_reminders

NEWCOMER = "jamie.newcomer@example.org"
DAY_BEFORE = timedelta(hours=23)  # inside the default 24-hour reminder window
WEEK_OF_HOURS = 7 * 24


def _next(column: Any, *where: Any, after: datetime) -> datetime | None:
    """The earliest value of a time ``column`` after ``after`` (one statement)."""
    found = db.session.scalar(sa.select(sa.func.min(column)).where(column > after, *where))
    return cast("datetime | None", found)


def seed(ctx: DemoContext) -> None:
    """Queue an invitation, a meeting reminder, a homework reminder and weekly digests."""
    now = utcnow()
    cohort = ctx.extra["cohorts"][0]
    cohorts.invite(cohort, NEWCOMER, ctx.facilitators[0])

    meeting_at = _next(Meeting.starts_at, Meeting.status == "scheduled", after=now)
    if meeting_at is not None:
        scan_meeting_reminders(max(now, meeting_at - DAY_BEFORE))
    open_work = db.session.scalars(sa.select(Assignment).where(Assignment.cancelled_at.is_(None)))
    due_at = min((a.due_at for a in open_work if a.due_at and a.due_at > now), default=None)
    if due_at is not None:
        scan_homework(max(now, due_at - DAY_BEFORE))
    for hour in range(WEEK_OF_HOURS):
        scan_digests(now + timedelta(hours=hour))
    db.session.flush()
    # What the scanners made for later goes out now, so a newcomer can read it at once.
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == "queued", OutboxMessage.send_after > now)
        .values(send_after=now)
    )
