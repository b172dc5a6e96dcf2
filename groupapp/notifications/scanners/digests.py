"""Weekly digests at each recipient's own local day and hour.

A digest is due from its local slot (say Monday 8:00 in the recipient's zone, which is a
different UTC instant in summer and winter) for ``GRACE`` hours; after downtime it is still
sent within that time, later it is skipped. Facilitators get one per cohort they run,
participants one covering their cohorts.

The rows are written by the statements that find them (``INSERT ... SELECT``), leaving
out in SQL the digests offered on an earlier pass: a beat every few minutes during a
slot's twelve hours writes only what is new (someone who joined, a cohort taken on).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.outbox import enqueue_selected
from groupapp.core.timezones import is_valid_zone, to_local, to_utc
from groupapp.db import UTCDateTime, db, rows_table
from groupapp.notifications.models import (
    DEFAULT_DIGEST_DAY,
    DEFAULT_DIGEST_HOUR,
    NotificationPreference,
)
from groupapp.notifications.scanners.common import not_offered, row_columns

FACILITATOR_KIND = "digest_facilitator"
PARTICIPANT_KIND = "digest_participant"
GRACE = timedelta(hours=12)


def current_slot(now: datetime, zone: str, day: int, hour: int) -> tuple[date, datetime] | None:
    """The local date and UTC instant of this week's slot, if ``now`` is inside its grace."""
    local_now = to_local(now, zone)
    slot_day = local_now.date() - timedelta(days=(local_now.weekday() - day) % 7)
    for candidate in (slot_day, slot_day - timedelta(days=7)):
        start = to_utc(datetime.combine(candidate, time(hour)), zone)
        if start <= now < start + GRACE:
            return candidate, start
    return None


def iso_week(day: date) -> str:
    """``2026-W28``: the ISO year and week ``day`` falls in (keys digests per week)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _running() -> sa.Select[int, int]:
    return (
        sa.select(CohortFacilitator.user_id, CohortFacilitator.cohort_id)
        .join(Cohort, Cohort.id == CohortFacilitator.cohort_id)
        .where(Cohort.status == "active")
    )


def _attending() -> sa.Select[int, int]:
    return (
        sa.select(Membership.user_id, Membership.cohort_id)
        .join(Cohort, Cohort.id == Membership.cohort_id)
        .where(Cohort.status == "active", joined_clause())
    )


Slot = tuple[str | None, int | None, int | None]  # zone, digest day, digest hour as stored


def _due_slots(now: datetime, audience: sa.Subquery) -> dict[Slot, tuple[date, datetime]]:
    """The (zone, day, hour) settings among the audience whose slot is current at ``now``.

    People share a handful of zones and digest times, so the slot arithmetic runs once
    per distinct setting, not once per person.
    """
    settings = db.session.execute(
        sa.select(
            User.timezone, NotificationPreference.digest_day, NotificationPreference.digest_hour
        )
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(User.id.in_(sa.select(audience.c.user_id)), User.active)
        .distinct()
    ).all()
    due: dict[Slot, tuple[date, datetime]] = {}
    for zone, day, hour in settings:
        slot = current_slot(
            now,
            zone if is_valid_zone(zone) else "UTC",
            DEFAULT_DIGEST_DAY if day is None else day,
            DEFAULT_DIGEST_HOUR if hour is None else hour,
        )
        if slot is not None:
            due[(zone, day, hour)] = slot
    return due


#: A setting whose slot is current: zone, day and hour as stored (NULL: no preference
#: row), the ISO week its digests are keyed by and when they expire.
SLOT_COLUMNS = (
    sa.column("zone", sa.String),
    sa.column("day", sa.Integer),
    sa.column("hour", sa.Integer),
    sa.column("week", sa.String),
    sa.column("until", UTCDateTime),
)


def _due_people(due: dict[Slot, tuple[date, datetime]]) -> tuple[sa.FromClause, sa.FromClause]:
    """People joined with the slot of their digest setting, where it is current: the
    slots (zone, day, hour, week, until) and the join of users, their preferences and the
    slots (add the cohort joins, ``User.active`` and the not-offered check)."""
    slot = rows_table(
        "slot",
        SLOT_COLUMNS,
        [
            (zone, day, hour, iso_week(slot_day), start + GRACE)
            for (zone, day, hour), (slot_day, start) in due.items()
        ],
    )
    people = sa.outerjoin(
        User, NotificationPreference, NotificationPreference.user_id == User.id
    ).join(
        slot,
        sa.and_(
            slot.c.zone.is_not_distinct_from(User.timezone),
            slot.c.day.is_not_distinct_from(NotificationPreference.digest_day),
            slot.c.hour.is_not_distinct_from(NotificationPreference.digest_hour),
        ),
    )
    return slot, people


def owed_digests(now: datetime) -> list[sa.Select[Any]]:
    """The rows (``row_columns``) of the digests whose local slot is current at ``now``
    and that were not offered on an earlier pass: facilitators' and participants'; none
    when no slot is current (one statement to know).

    Only the people whose slot is current are read, so a scan between slots reads one
    row per distinct setting; people already offered this week's digest are left out in
    SQL, so the passes during a slot's 12 hours write only what is new.
    """
    # The audience as a subquery, not as thousands of bound ids.
    audience = sa.union(
        sa.select(_running().subquery().c.user_id),
        sa.select(_attending().subquery().c.user_id),
    ).subquery()
    due = _due_slots(now, audience)
    if not due:
        return []
    slot, people = _due_people(due)
    # One digest per person (and cohort) per ISO week of their own calendar: moving the
    # digest day after this week's went out waits for next week.
    runs = _running().subquery()
    week, cohort_id = slot.c.week, runs.c.cohort_id
    running = (
        sa.select(
            *row_columns(
                FACILITATOR_KIND,
                [cohort_id, week],
                {"cohort_id": cohort_id, "week": week},
                slot.c.until,
            )
        )
        .select_from(people)
        .join(runs, runs.c.user_id == User.id)
        .where(User.active)
        .where(not_offered(FACILITATOR_KIND, User.id, cohort_id, week))
    )
    attending = _attending().where(Membership.user_id == User.id)
    participants = (
        sa.select(*row_columns(PARTICIPANT_KIND, [week], {"week": week}, slot.c.until))
        .select_from(people)
        .where(User.active, attending.exists())
        .where(not_offered(PARTICIPANT_KIND, User.id, week))
    )
    return [running, participants]


def scan_digests(now: datetime) -> int:
    """Write the digests due at ``now`` (one ``INSERT ... SELECT`` per kind, three
    statements in all; one when no slot is current); returns how many rows were new."""
    return sum(enqueue_selected(query) for query in owed_digests(now))
