"""Bulk loading shared by the scanners: people, audiences, cohort settings, row dicts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import CohortFacilitator, Membership
from groupapp.core.outbox import OutboxMessage
from groupapp.core.timezones import is_valid_zone, to_local, to_utc
from groupapp.db import db, json_object, one_of
from groupapp.notifications.models import (
    DEFAULT_ESCALATION_MINUTES,
    DEFAULT_OVERDUE_DAYS,
    DEFAULT_REMINDER_HOURS,
    CohortNotificationSettings,
)


@dataclass(frozen=True)
class Person:
    """Who a row goes to: just what the outbox row needs."""

    id: int
    email: str
    organisation_id: int
    timezone: str = "UTC"


@dataclass(frozen=True)
class Timings:
    reminder_offsets: tuple[timedelta, ...]  # largest first
    overdue_offsets: tuple[timedelta, ...]  # smallest first
    escalation: timedelta


def person(user: User) -> Person:
    return Person(user.id, user.email, user.organisation_id, user.timezone)


#: What a query selects to make a ``Person``.
PERSON_COLUMNS = (User.id, User.email, User.organisation_id, User.timezone)


def cohort_audiences(
    cohort_ids: Iterable[int], members: bool = True, facilitators: bool = True
) -> dict[int, list[Person]]:
    """Active members and/or facilitators of each cohort (one query per group asked for)."""
    ids = sorted(set(cohort_ids))
    found: dict[int, dict[int, Person]] = defaultdict(dict)
    if not ids:
        return {}
    queries = []
    if members:
        queries.append(
            sa.select(Membership.cohort_id, *PERSON_COLUMNS)
            .join(User, User.id == Membership.user_id)
            .where(one_of(Membership.cohort_id, ids), joined_clause(), User.active)
        )
    if facilitators:
        queries.append(
            sa.select(CohortFacilitator.cohort_id, *PERSON_COLUMNS)
            .join(User, User.id == CohortFacilitator.user_id)
            .where(one_of(CohortFacilitator.cohort_id, ids), User.active)
        )
    for query in queries:
        for cohort_id, user_id, email, organisation_id, zone in db.session.execute(query):
            found[cohort_id][user_id] = Person(user_id, email, organisation_id, zone)
    return {cohort_id: list(people.values()) for cohort_id, people in found.items()}


def cohort_timings(cohort_ids: Iterable[int]) -> dict[int, Timings]:
    """Each cohort's reminder offsets (defaults where it chose none), in one query."""
    ids = sorted(set(cohort_ids))
    stored = {}
    if ids:
        stored = {
            row.cohort_id: row
            for row in db.session.scalars(
                sa.select(CohortNotificationSettings).where(
                    one_of(CohortNotificationSettings.cohort_id, ids)
                )
            )
        }
    result = {}
    for cohort_id in ids:
        row = stored.get(cohort_id)
        # A stored empty list means the cohort turned that reminder off.
        hours = row.reminder_hours if row is not None else DEFAULT_REMINDER_HOURS
        days = row.overdue_days if row is not None else DEFAULT_OVERDUE_DAYS
        minutes = row.escalation_minutes if row else DEFAULT_ESCALATION_MINUTES
        result[cohort_id] = Timings(
            reminder_offsets=tuple(
                sorted({timedelta(hours=float(h)) for h in hours}, reverse=True)
            ),
            overdue_offsets=tuple(sorted({timedelta(days=float(d)) for d in days})),
            escalation=timedelta(minutes=minutes),
        )
    return result


def window(
    moments: Sequence[datetime], end: datetime, now: datetime
) -> tuple[int, datetime] | None:
    """Which of the ascending ``moments`` is current at ``now``, and until when.

    Each moment's window runs until the next moment (or ``end``): a reminder is only
    relevant until the next one replaces it, so a late one is skipped, not sent.
    """
    bounds = [*moments, end]
    for index, start in enumerate(moments):
        if start <= now < bounds[index + 1]:
            return index, bounds[index + 1]
    return None


def offset_token(offset: timedelta, days: bool = True) -> str:
    """An offset as written in dedupe keys, exact to the second: ``1d``, ``2160m``, ``90s``.

    Whole days (when ``days``) and whole minutes keep the forms earlier keys used
    (overdue nudges ``1d``, meeting reminders ``1440m``), so rows written before a change
    still meet the new ones; anything finer is written in seconds, so two different
    offsets never share a key.
    """
    seconds = round(offset.total_seconds())
    if days and seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    if seconds % 60 == 0:
        return f"{seconds // 60}m"
    return f"{seconds}s"


def _local_hour(day: date, hour: time, zone: str) -> datetime:
    return to_utc(datetime.combine(day, hour), zone if is_valid_zone(zone) else "UTC")


def local_hour_before(instant: datetime, zone: str, hour: time) -> datetime:
    """The latest ``hour`` on ``zone``'s wall clock at or before ``instant`` (UTC).

    Used to send a reminder at an hour the recipient is awake, not at the instant a
    deadline computed on another zone's clock happens to fall.
    """
    day = to_local(instant, zone if is_valid_zone(zone) else "UTC").date()
    for candidate_day in (day, day - timedelta(days=1), day - timedelta(days=2)):
        candidate = _local_hour(candidate_day, hour, zone)
        if candidate <= instant:
            return candidate
    raise AssertionError("a day always has the hour")  # pragma: no cover


def local_hour_after(instant: datetime, zone: str, hour: time) -> datetime:
    """The earliest ``hour`` on ``zone``'s wall clock at or after ``instant`` (UTC)."""
    day = to_local(instant, zone if is_valid_zone(zone) else "UTC").date()
    for candidate_day in (day, day + timedelta(days=1), day + timedelta(days=2)):
        candidate = _local_hour(candidate_day, hour, zone)
        if candidate >= instant:
            return candidate
    raise AssertionError("a day always has the hour")  # pragma: no cover


def dedupe_key(
    kind: str | sa.ColumnElement[str],
    recipient_id: sa.ColumnExpressionArgument[int],
    *parts: sa.ColumnExpressionArgument[Any],
) -> sa.ColumnElement[str]:
    """SQL: the key ``row(kind, recipient, "part:part...")`` writes.

    ``kind`` may be a column when the kind differs from row to row. Only for short keys
    (the 200-character cut of ``row`` is not repeated here).
    """
    key: sa.ColumnElement[str] = (
        sa.literal(f"{kind}:") if isinstance(kind, str) else kind + ":"
    ) + sa.cast(recipient_id, sa.String)
    for part in parts:
        key = key + ":" + sa.cast(part, sa.String)
    return key


def not_offered(
    kind: str | sa.ColumnElement[str],
    recipient_id: sa.ColumnExpressionArgument[int],
    *parts: sa.ColumnExpressionArgument[Any],
) -> sa.ColumnElement[bool]:
    """SQL: no outbox row has the key ``row(kind, recipient, "part:part...")`` writes.

    Lets a scanner leave out, in its own query, people it already offered a row to, so
    a busy moment's rows are read and written once, not again on every pass. Keys are
    looked up through the outbox's unique index on ``dedupe_key``.
    """
    key = dedupe_key(kind, recipient_id, *parts)
    return ~sa.exists().where(OutboxMessage.dedupe_key == key)


def row_columns(
    kind: str | sa.ColumnElement[str],
    parts: Sequence[sa.ColumnExpressionArgument[Any]],
    params: Mapping[str, sa.ColumnExpressionArgument[Any]],
    expires_at: sa.ColumnElement[datetime],
) -> list[sa.Label[Any]]:
    """SQL: what ``row(kind, person, "part:part...", params, expires_at)`` holds, as
    labelled columns for ``enqueue_selected``, to the person in the query's ``User``.

    For scanners whose rows come straight from one query: each param is a column (an
    id, a number or text), so the rows are written by the database, never read.
    """
    return [
        (sa.literal(kind) if isinstance(kind, str) else kind).label("kind"),
        dedupe_key(kind, User.id, *parts).label("dedupe_key"),
        User.id.label("recipient_id"),
        User.email.label("recipient_email"),
        User.organisation_id.label("organisation_id"),
        json_object(params).label("params"),
        expires_at.label("expires_at"),
    ]


def row(
    kind: str,
    to: Person,
    key: str,
    params: dict[str, Any],
    expires_at: datetime | None = None,
    exact_key: bool = False,
) -> dict[str, Any]:
    """An outbox row for ``enqueue_many``.

    The dedupe key is ``kind:recipient:key`` (key = object and occurrence), unless
    ``exact_key`` keeps a domain's own key format so both writers meet on one row.
    """
    return {
        "kind": kind,
        "dedupe_key": (key if exact_key else f"{kind}:{to.id}:{key}")[:200],
        "recipient_id": to.id,
        "recipient_email": to.email,
        "organisation_id": to.organisation_id,
        "params": params,
        "expires_at": expires_at,
    }
