"""Weekly digests at each recipient's own local day and hour.

A digest is due from its local slot (say Monday 8:00 in the recipient's zone, which is a
different UTC instant in summer and winter) for ``GRACE`` hours; after downtime it is still
sent within that time, later it is skipped. Facilitators get one per cohort they run,
participants one covering their cohorts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.outbox import enqueue_many
from groupapp.core.timezones import is_valid_zone, to_local, to_utc
from groupapp.db import db
from groupapp.notifications.models import (
    DEFAULT_DIGEST_DAY,
    DEFAULT_DIGEST_HOUR,
    NotificationPreference,
)
from groupapp.notifications.scanners.common import Person, row

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


def _cohorts_by_user(
    user_ids: sa.Select[tuple[int]],
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The cohorts each person among ``user_ids`` (a query, not a list) runs and attends."""
    running: dict[int, list[int]] = defaultdict(list)
    for user_id, cohort_id in db.session.execute(
        _running().where(CohortFacilitator.user_id.in_(user_ids))
    ):
        running[user_id].append(cohort_id)
    attending: dict[int, list[int]] = defaultdict(list)
    for user_id, cohort_id in db.session.execute(
        _attending().where(Membership.user_id.in_(user_ids))
    ):
        attending[user_id].append(cohort_id)
    return running, attending


Slot = tuple[str | None, int | None, int | None]  # zone, digest day, digest hour as stored


def _stored(column: sa.orm.InstrumentedAttribute[Any], value: Any) -> sa.ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


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


def digest_rows(now: datetime) -> list[dict[str, Any]]:
    """Rows for the digests whose local slot is current at ``now`` (at most five statements).

    Only the people whose slot is current are read, so a scan between slots reads one
    row per distinct setting.
    """
    # The audience as a subquery, not as thousands of bound ids.
    audience = sa.union(
        sa.select(_running().subquery().c.user_id),
        sa.select(_attending().subquery().c.user_id),
    ).subquery()
    due = _due_slots(now, audience)
    if not due:
        return []
    query = (
        sa.select(
            User.id,
            User.email,
            User.organisation_id,
            User.timezone,
            NotificationPreference.digest_day,
            NotificationPreference.digest_hour,
        )
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(User.id.in_(sa.select(audience.c.user_id)), User.active)
        .where(
            sa.or_(
                *(
                    sa.and_(
                        _stored(User.timezone, zone),
                        _stored(NotificationPreference.digest_day, day),
                        _stored(NotificationPreference.digest_hour, hour),
                    )
                    for zone, day, hour in due
                )
            )
        )
    )
    people = db.session.execute(query).all()
    # Their cohorts through the same query in SQL, not thousands of ids bound again.
    running, attending = _cohorts_by_user(sa.select(query.subquery().c.id))
    rows = []
    for user_id, email, org_id, zone, day, hour in people:
        slot_day, start = due[(zone, day, hour)]
        to = Person(user_id, email, org_id, zone if is_valid_zone(zone) else "UTC")
        until = start + GRACE
        # One digest per person (and cohort) per ISO week of their own calendar: moving
        # the digest day after this week's went out waits for next week.
        week = iso_week(slot_day)
        for cohort_id in running.get(user_id, []):
            params = {"cohort_id": cohort_id, "week": week}
            rows.append(row(FACILITATOR_KIND, to, f"{cohort_id}:{week}", params, until))
        if attending.get(user_id):
            rows.append(row(PARTICIPANT_KIND, to, week, {"week": week}, until))
    return rows


def scan_digests(now: datetime) -> int:
    return enqueue_many(digest_rows(now))
