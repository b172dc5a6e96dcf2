"""Time zone helpers: the one place where UTC instants meet local wall clocks.

Everything stored is UTC (timezone-aware); everything shown is converted for the
person looking at it and names the zone, so "6:00 pm" is never ambiguous.

Daylight-saving edge cases are resolved the way RFC 5545 (section 3.3.5) tells
calendar clients to read a local DATE-TIME with a TZID, so our stored instants
agree with what a subscribed calendar computes from the same wall-clock time:

* a wall-clock time that does not exist (the spring-forward gap, e.g. 2:30 am in
  New York on 8 March 2026) is read with the UTC offset in force *before* the gap,
  which lands it the length of the gap later on the new clock (3:30 am EDT);
* a wall-clock time that happens twice (the autumn fold, e.g. 1:30 am in New York
  on 1 November 2026) means its *first* occurrence (1:30 am EDT).

Python's ``zoneinfo`` gives exactly this with ``fold=0``; we state it explicitly
so nobody "fixes" it by accident.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

__all__ = [
    "UnknownTimeZoneError",
    "common_zones",
    "format_date",
    "format_for_viewer",
    "format_time",
    "get_zone",
    "is_ambiguous",
    "is_nonexistent",
    "is_valid_zone",
    "to_local",
    "to_utc",
    "utc_offset_label",
    "zone_abbreviation",
]

# Region prefixes of canonical IANA names offered in forms. Legacy aliases such
# as "US/Eastern" or "GB" still validate but are not offered as choices.
_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


class UnknownTimeZoneError(ValueError):
    """Raised when a name is not an IANA time zone known to this system."""


@lru_cache(maxsize=512)
def get_zone(name: str) -> ZoneInfo:
    """Return the ``ZoneInfo`` for an IANA name, or raise ``UnknownTimeZoneError``."""
    if not name or name != name.strip() or name.startswith(("/", ".")) or ".." in name:
        raise UnknownTimeZoneError(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as exc:
        raise UnknownTimeZoneError(name) from exc


def is_valid_zone(name: str | None) -> bool:
    """True when ``name`` is an IANA zone this system can convert with."""
    if not name:
        return False
    try:
        get_zone(name)
    except UnknownTimeZoneError:
        return False
    return True


def _zone(zone: str | tzinfo) -> tzinfo:
    return get_zone(zone) if isinstance(zone, str) else zone


def to_local(dt_utc: datetime, zone: str | tzinfo) -> datetime:
    """Convert an aware instant to an aware datetime on ``zone``'s wall clock.

    Naive input is refused: a naive value reaching this point is a bug upstream,
    and guessing would silently shift someone's meeting.
    """
    if dt_utc.tzinfo is None:
        raise ValueError("to_local() needs a timezone-aware datetime")
    return dt_utc.astimezone(_zone(zone))


def to_utc(naive_local: datetime, zone: str | tzinfo) -> datetime:
    """Convert a wall-clock time in ``zone`` to an aware UTC datetime.

    Gaps move forward by the length of the gap and folds take the first
    occurrence (see the module docstring for why).
    """
    if naive_local.tzinfo is not None:
        raise ValueError("to_utc() takes a naive wall-clock datetime")
    return naive_local.replace(tzinfo=_zone(zone), fold=0).astimezone(UTC)


def is_nonexistent(naive_local: datetime, zone: str | tzinfo) -> bool:
    """True when the wall-clock time is skipped by a spring-forward change."""
    tz = _zone(zone)
    aware = naive_local.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return round_trip != naive_local.replace(tzinfo=None)


def is_ambiguous(naive_local: datetime, zone: str | tzinfo) -> bool:
    """True when the wall-clock time happens twice because clocks went back."""
    tz = _zone(zone)
    first = naive_local.replace(tzinfo=tz, fold=0)
    second = naive_local.replace(tzinfo=tz, fold=1)
    return first.utcoffset() != second.utcoffset() and not is_nonexistent(naive_local, tz)


def zone_abbreviation(local: datetime) -> str:
    """The short name of the offset in force ("EST", "BST"), or "UTC+04" style.

    Many zones have no letter abbreviation and tzdata spells them "+04"; those
    are prefixed with "UTC" so they read as offsets rather than numbers.
    """
    name = local.tzname() or ""
    if name[:1] in "+-" and name:
        return f"UTC{name}"
    return name


def _hour_minute(local: datetime) -> str:
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d} {suffix}"


def format_time(dt_utc: datetime, zone: str) -> str:
    """Time of day for a viewer, zone named: ``"6:00 pm EST (America/New_York)"``."""
    local = to_local(dt_utc, zone)
    return f"{_hour_minute(local)} {zone_abbreviation(local)} ({zone})"


def format_date(dt_utc: datetime, zone: str) -> str:
    """Calendar date as the viewer's zone sees it: ``"Tue 3 Mar 2026"``."""
    local = to_local(dt_utc, zone)
    return f"{local:%a} {local.day} {local:%b %Y}"


def format_for_viewer(dt_utc: datetime, zone: str) -> str:
    """Full date and time for a viewer with the zone named.

    ``"Tue 3 Mar 2026, 6:00 pm EST (America/New_York)"``. Built by hand rather
    than with ``%-d``/``%p`` so the output is the same on every platform and
    locale.
    """
    return f"{format_date(dt_utc, zone)}, {format_time(dt_utc, zone)}"


def utc_offset_label(zone: str, at: datetime | None = None) -> str:
    """The zone's offset at ``at`` (default now) as ``"UTC-05:00"``."""
    moment = at or datetime.now(UTC)
    offset = to_local(moment, zone).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


@lru_cache(maxsize=1)
def _common_zone_names() -> tuple[str, ...]:
    names = {name for name in available_timezones() if name.startswith(_REGIONS)}
    names.add("UTC")
    return tuple(sorted(names))


def common_zones() -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a time-zone select, canonical regions plus UTC.

    Labels replace underscores with spaces ("America/New York"); values stay the
    IANA names that are stored.
    """
    return [(name, name.replace("_", " ")) for name in _common_zone_names()]
