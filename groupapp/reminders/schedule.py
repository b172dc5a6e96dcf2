"""When an own reminder is next due, read on the person's wall clock.

The app's one rule for repeating local times (``core.timezones.resolve_repeating``)
applies: on a day the clocks skip the time, that reminder comes later by the gap; on a
day the time happens twice, it comes at the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from groupapp.core.timezones import is_valid_zone, resolve_repeating, to_local

#: A reminder repeats at least weekly, so the next one is at most this many days on.
LOOKAHEAD_DAYS = 8


def _zone(zone: str) -> str:
    return zone if is_valid_zone(zone) else "UTC"


def occurrences(
    start: date, days: int, at: time, weekdays: Iterable[int], zone: str
) -> Iterator[tuple[date, datetime]]:
    """``(local date, UTC instant)`` of each occurrence in ``days`` days from ``start``."""
    chosen = set(weekdays)
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() in chosen:
            yield day, resolve_repeating(day, at, _zone(zone))[0]


def next_due(after: datetime, at: time, weekdays: Iterable[int], zone: str) -> datetime | None:
    """The first UTC instant strictly after ``after`` when the reminder is due.

    ``at`` is a wall-clock time on ``zone``'s clock, ``weekdays`` 0 = Monday. None when
    no weekday is chosen.
    """
    chosen = tuple(weekdays)
    if not chosen:
        return None
    first_day = to_local(after, _zone(zone)).date() - timedelta(days=1)
    for _day, instant in occurrences(first_day, LOOKAHEAD_DAYS + 1, at, chosen, zone):
        if instant > after:
            return instant
    raise AssertionError("a weekly time recurs within eight days")  # pragma: no cover
