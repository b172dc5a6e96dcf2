"""A cohort's meeting series, computed on the local wall clock and stored in UTC.

The rule runs over *naive local* dates (``dateutil.rrule``) and each occurrence
is converted to UTC afterwards with ``resolve_repeating``. That is what keeps a 6:00 pm New York
group at 6:00 pm local on both sides of a daylight-saving change: the UTC
instant moves by an hour, the wall clock does not. Generating in UTC and
converting back would do the opposite.

Rhythm: the first meeting is the first chosen weekday on or after the start date,
and an every-N-weeks series counts its weeks from that first meeting (a "meeting
week" is the seven days starting on the first meeting's weekday), not from the
calendar week that holds the start date.

On a date where the weekly time does not exist (clocks go forward over it) that
one meeting moves forward by the length of the gap, and its ``notice`` says so;
on a date where it happens twice the first is used, and ``notice`` says that too.

Pure functions over plain values; the meetings services turn occurrences into
rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from dateutil.rrule import WEEKLY, rrule, weekday
from flask_babel import gettext as _

from groupapp.core.timezones import get_zone, resolve_repeating, to_local

__all__ = [
    "Occurrence",
    "Recurrence",
    "extend",
    "first_meeting_date",
    "generate",
    "series_notices",
    "single",
]

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Occurrence:
    """One scheduled meeting: its UTC instants and the wall clock it is held at.

    ``index`` is the position in the series (0 for the first meeting) and is
    how the n-th program topic is matched to the n-th meeting. ``notice`` tells
    the person when the weekly time did not exist or happened twice that day.
    """

    index: int
    starts_at: datetime
    ends_at: datetime
    local_start: datetime
    notice: str | None = None

    @property
    def local_date(self) -> date:
        """The date on the cohort's own calendar."""
        return self.local_start.date()

    @property
    def local_time(self) -> time:
        """The time of day on the cohort's own clock."""
        return self.local_start.time()


@dataclass(frozen=True)
class Recurrence:
    """The settings a cohort's series is generated from.

    ``weekdays`` use Python's numbering (0 = Monday). ``weeks`` counts the
    weeks that have meetings, so a fortnightly (``interval=2``) 6-week series
    has 6 meetings spread over 11 calendar weeks, and a twice-weekly 8-week
    series has 16 meetings.
    """

    start_date: date
    weekdays: tuple[int, ...]
    start_time: time
    duration_minutes: int
    timezone: str
    weeks: int
    interval: int = 1

    def __post_init__(self) -> None:
        if not self.weekdays or any(not 0 <= day <= 6 for day in self.weekdays):
            raise ValueError("weekdays must be a non-empty set of 0 (Mon) .. 6 (Sun)")
        if len(set(self.weekdays)) != len(self.weekdays):
            raise ValueError("weekdays must not repeat")
        if self.weeks < 1 or self.interval < 1:
            raise ValueError("weeks and interval must be at least 1")
        if not 1 <= self.duration_minutes <= 24 * 60:
            raise ValueError("duration must be between 1 minute and 24 hours")
        if self.start_time.tzinfo is not None:
            raise ValueError("start_time is a wall-clock time and must be naive")
        get_zone(self.timezone)  # raises UnknownTimeZoneError for a bad name

    @property
    def count(self) -> int:
        """How many meetings the series holds."""
        return self.weeks * len(self.weekdays)


def single(
    index: int, starts_at: datetime, duration_minutes: int, zone: str, notice: str | None = None
) -> Occurrence:
    """Build one occurrence from its UTC start (resolved by the one rule for local times)."""
    # The end is start + duration in real elapsed time, so a meeting spanning a
    # clock change still lasts as long as planned.
    return Occurrence(
        index=index,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=duration_minutes),
        local_start=to_local(starts_at, zone).replace(tzinfo=None, fold=0),
        notice=notice,
    )


def first_meeting_date(start_date: date, weekdays: tuple[int, ...]) -> date:
    """The first date on or after ``start_date`` that falls on one of ``weekdays``."""
    return min(start_date + timedelta(days=(day - start_date.weekday()) % 7) for day in weekdays)


def _local_dates(rule: Recurrence) -> list[date]:
    first = first_meeting_date(rule.start_date, rule.weekdays)
    series = rrule(
        WEEKLY,
        dtstart=datetime.combine(first, time()),
        interval=rule.interval,
        byweekday=[weekday(day) for day in sorted(rule.weekdays)],
        count=rule.count,
        # Meeting weeks start on the first meeting's weekday, so "every other week"
        # counts from the first meeting and each meeting week has every chosen day once.
        wkst=first.weekday(),
    )
    return [moment.date() for moment in series]


def generate(rule: Recurrence) -> list[Occurrence]:
    """Every meeting of the series, in order, starting on or after ``start_date``."""
    found = []
    for index, day in enumerate(_local_dates(rule)):
        starts_at, notice = resolve_repeating(day, rule.start_time, rule.timezone)
        found.append(single(index, starts_at, rule.duration_minutes, rule.timezone, notice))
    return found


def series_notices(rule: Recurrence, since_index: int = 0) -> list[str]:
    """What to tell the person about the series' meetings from ``since_index`` on.

    One sentence per meeting whose weekly time did not exist that day (moved forward
    by the clock change) or happened twice (the first is used); empty when none.
    """
    return [
        _("Meeting %(number)d: %(notice)s", number=occ.index + 1, notice=occ.notice)
        for occ in generate(rule)[since_index:]
        if occ.notice
    ]


def extend(rule: Recurrence, extra_weeks: int) -> tuple[Recurrence, list[Occurrence]]:
    """Continue the series by ``extra_weeks`` meeting weeks.

    Returns the longer rule (to store on the cohort) and only the new
    occurrences, whose ``index`` values carry on from the existing ones. The
    new dates follow the original rhythm, fortnightly series included.
    """
    if extra_weeks < 1:
        raise ValueError("extend by at least one week")
    longer = replace(rule, weeks=rule.weeks + extra_weeks)
    return longer, generate(longer)[rule.count :]
