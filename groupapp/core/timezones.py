"""Time zone helpers: the one place where UTC instants meet local wall clocks.

Everything stored is UTC (timezone-aware); everything shown is converted for the
person looking at it and names the zone, so "6:00 pm" is never ambiguous.

The one rule for a local date and time a person types (``resolve_local``), used by
every form and service that takes one:

* a time that does not exist (the spring-forward gap, e.g. 02:30 on 28 March 2027
  in Europe/Vienna) is refused with ``NonexistentLocalTime``, whose message says
  what the clocks do and asks for another time. Nothing is shifted silently.
* a time that happens twice (the autumn fold, e.g. 01:30 on 1 November 2026 in
  New York) means its *first* occurrence, and ``fold_notice`` gives the sentence
  that tells the person so. A form prefilled from a stored instant also sends the
  UTC offset it showed, so resolving its own prefilled value gives back exactly
  that instant, second occurrence included (``prefill``).

A wall-clock time that repeats (a series' weekly time) cannot be refused for one
date only, so ``resolve_repeating`` applies the same rule and, on a date where the
time falls in a gap, moves that one occurrence forward by the length of the gap
(what RFC 5545 calendar clients do with the same series) and returns the sentence
that tells the person. Day boundaries (a check-in window "until 17 December") use
``start_of_day``: the first instant of that date, which is not always 00:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel import dates as babel_dates
from flask_babel import gettext

from groupapp.core.actions import Refusal
from groupapp.core.i18n import babel_locale, current_locale

__all__ = [
    "EARLIEST_DAY",
    "LATEST_DAY",
    "LocalTimeError",
    "NonexistentLocalTime",
    "OutOfRangeDate",
    "Prefill",
    "UnknownTimeZoneError",
    "common_zones",
    "fold_notice",
    "format_clock",
    "format_date",
    "format_day",
    "format_day_month_year",
    "format_for_viewer",
    "format_time",
    "get_zone",
    "in_range",
    "is_ambiguous",
    "is_nonexistent",
    "is_valid_zone",
    "offset_name",
    "prefill",
    "range_message",
    "resolve_local",
    "resolve_repeating",
    "start_of_day",
    "to_local",
    "to_utc",
    "utc_offset_label",
    "weekday_names",
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
    """Convert a wall-clock time in ``zone`` to an aware UTC datetime, never refusing.

    For times the app computes itself (a send hour, a repeating slot): a gap time
    moves forward by the length of the gap and a fold time takes its first
    occurrence. A time a person typed goes through ``resolve_local`` instead.
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


@dataclass(frozen=True)
class _Style:
    """How one language writes dates and times: Babel (CLDR) patterns and locale."""

    language: str
    date: str
    short_date: str
    day_month_year: str
    time: str
    zone_abbreviation: bool  # "EST" before the zone's name, where readers expect it


# English keeps the app's compact British style ("Tue 3 Mar 2026, 6:00 pm"); Spanish is
# CLDR's full date and 24-hour clock ("martes, 1 de diciembre de 2026, 18:00").
_STYLES = {
    "en": _Style("en", "EEE d MMM y", "d MMM", "d MMMM y", "h:mm a", zone_abbreviation=True),
    "es": _Style("es", "EEEE, d 'de' MMMM 'de' y", "d MMM", "d 'de' MMMM 'de' y", "HH:mm", False),
}


def _style(locale: str | None) -> _Style:
    return _STYLES.get(locale or current_locale(), _STYLES["en"])


@lru_cache(maxsize=8)  # one entry per language
def _cldr_locale(language: str) -> Locale:
    """The parsed CLDR locale of ``language``: Babel parses a locale given by name on
    every call, which was a third of the time of a page that shows 100 times."""
    return Locale.parse(babel_locale(language))


def _babel(moment: datetime | date, pattern: str, style: _Style) -> str:
    # An aware local time is written as it reads on its own wall clock (no conversion).
    locale = _cldr_locale(style.language)
    if isinstance(moment, datetime):
        return babel_dates.format_datetime(moment, pattern, locale=locale)
    return babel_dates.format_date(moment, pattern, locale=locale)


def format_time(dt_utc: datetime, zone: str, locale: str | None = None) -> str:
    """Time of day for a viewer, zone named: ``"6:00 pm EST (America/New_York)"``,
    ``"18:00 (America/New_York)"`` in Spanish. ``locale`` defaults to the language being
    rendered (``core.i18n.current_locale``)."""
    style = _style(locale)
    local = to_local(dt_utc, zone)
    return _zone_named(_babel(local, style.time, style), local, zone, style)


def _zone_named(written: str, local: datetime, zone: str, style: _Style) -> str:
    if style.zone_abbreviation:
        return f"{written} {zone_abbreviation(local)} ({zone})"
    if is_ambiguous(local.replace(tzinfo=None), zone):
        # The clock shows this time twice on a fall-back day: the offset says which.
        return f"{written} {offset_name(local)} ({zone})"
    return f"{written} ({zone})"


def offset_name(local: datetime) -> str:
    """The UTC offset in force at an aware local time, as people write it:
    ``"UTC\u22124"`` (a true minus sign, U+2212), ``"UTC+1"``, ``"UTC+5:30"``."""
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "\u2212" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")


def format_clock(at: time, locale: str | None = None) -> str:
    """A wall-clock time of day in the language being rendered: ``"6:00 pm"``, ``"18:00"``."""
    style = _style(locale)
    return _babel(datetime.combine(date(2000, 1, 3), at, tzinfo=UTC), style.time, style)


def format_date(dt_utc: datetime, zone: str, locale: str | None = None) -> str:
    """Calendar date as the viewer's zone sees it: ``"Tue 3 Mar 2026"``,
    ``"martes, 3 de marzo de 2026"``."""
    return format_day(to_local(dt_utc, zone).date(), locale)


def format_day(
    day: date, locale: str | None = None, short: bool = False, with_year: bool = False
) -> str:
    """A calendar date in the language being rendered: ``"Tue 3 Mar 2026"``
    (``short``: ``"3 Mar"``, ``"3 mar"``; ``short`` and ``with_year``: ``"3 Mar 2026"``)."""
    style = _style(locale)
    if short:
        return _babel(day, f"{style.short_date} y" if with_year else style.short_date, style)
    return _babel(day, style.date, style)


def format_day_month_year(day: date, locale: str | None = None) -> str:
    """A date without its weekday, month in full: "2 February 2026", "2 de febrero de 2026"."""
    style = _style(locale)
    return _babel(day, style.day_month_year, style)


def weekday_names(locale: str | None = None) -> list[str]:
    """Monday to Sunday, spelled out in the language being rendered."""
    names = babel_dates.get_day_names("wide", locale=babel_locale(_style(locale).language))
    return [names[index] for index in range(7)]


def format_wall_clock(local: datetime, locale: str | None = None) -> str:
    """A time already on the cohort's own clock (naive), in the app's one format.

    ``"Tue 5 Jan 2027, 6:00 pm"``, ``"martes, 5 de enero de 2027, 18:00"``; the page
    names the zone once (e.g. in a heading).
    """
    style = _style(locale)
    wall = local.replace(tzinfo=UTC)  # Babel reads a naive time as UTC; this keeps the clock
    return f"{_babel(wall.date(), style.date, style)}, {_babel(wall, style.time, style)}"


def format_for_viewer(dt_utc: datetime, zone: str, locale: str | None = None) -> str:
    """Full date and time for a viewer with the zone named, in the language being
    rendered (or ``locale``), written by Babel from CLDR patterns.

    ``"Tue 3 Mar 2026, 6:00 pm EST (America/New_York)"``;
    ``"martes, 3 de marzo de 2026, 18:00 (America/New_York)"``.
    """
    style = _style(locale)
    local = to_local(dt_utc, zone)
    # One pattern for date and time: one Babel call per time shown (lists show 100).
    return _zone_named(_babel(local, f"{style.date}, {style.time}", style), local, zone, style)


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
    # The tz database's own list of canonical zones (zone1970.tab, shipped by the tzdata
    # package): links such as "America/Buenos_Aires" or "Europe/Kiev" still validate for
    # rows that hold them, but only the canonical name is offered.
    table = files("tzdata.zoneinfo").joinpath("zone1970.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and line[0] != "#")
    names = {row[2] for row in rows if len(row) > 2 and row[2].startswith(_REGIONS)}
    names &= available_timezones()
    names.add("UTC")
    return tuple(sorted(names))


def common_zones() -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a time-zone select, canonical regions plus UTC.

    Labels replace underscores with spaces ("America/New York"); values stay the
    IANA names that are stored.
    """
    return [(name, name.replace("_", " ")) for name in _common_zone_names()]


# --- the one rule for a local date and time a person gives --------------------------


def _clock(moment: datetime | time) -> str:
    """24-hour wall clock, seconds only when a (historic) change has them: "02:30"."""
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{text}:{moment.second:02d}" if moment.second else text


def _long_date(day: date) -> str:
    """ "2 February 2026", "2 de febrero de 2026": Babel, in the language being rendered."""
    return format_day_month_year(day)


def _clock_on(moment: datetime, day: date) -> str:
    """The clock reading, with its date when that is not ``day`` (changes at midnight)."""
    if moment.date() == day:
        return _clock(moment)
    return gettext("%(time)s on %(date)s", time=_clock(moment), date=_long_date(moment.date()))


@dataclass(frozen=True)
class _Transition:
    """A change of UTC offset: the UTC instant and the offsets before and after."""

    at: datetime
    before: timedelta
    after: timedelta

    def clock_before(self) -> datetime:
        """The naive wall clock just as the change happens, on the old offset."""
        return (self.at + self.before).replace(tzinfo=None)

    def clock_after(self) -> datetime:
        """The naive wall clock just after the change, on the new offset."""
        return (self.at + self.after).replace(tzinfo=None)


def _offset(instant: datetime, tz: tzinfo) -> timedelta:
    return instant.astimezone(tz).utcoffset() or timedelta(0)


def _transition_between(earlier: datetime, later: datetime, tz: tzinfo) -> _Transition:
    """The offset change between two UTC instants that have different offsets.

    Bisects to the second; offsets change once in the short span a gap or fold covers.
    """
    before, after = _offset(earlier, tz), _offset(later, tz)
    low, high = earlier, later  # offset(low) == before, offset(high) == after
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            middle = low + timedelta(seconds=1)
        if _offset(middle, tz) == before:
            low = middle
        else:
            high = middle
    return _Transition(at=high, before=before, after=after)


def _occurrences(wall: datetime, tz: tzinfo) -> list[datetime]:
    """Every UTC instant whose wall clock in ``tz`` reads ``wall`` (0, 1 or 2, in order)."""
    found = []
    for fold in (0, 1):
        instant = wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == wall and instant not in found:
            found.append(instant)
    return sorted(found)


class LocalTimeError(Refusal):
    """A local date and time that cannot be used as given; ``str()`` tells the person why."""


#: The dates a person may type (a meeting, a due time, a filter, a cohort's start). Wide
#: enough for any real schedule and for records from the past; narrow enough that every
#: conversion (offsets up to 14 hours, a series of 104 weeks, a meeting's length) stays
#: inside what Python's ``datetime`` and the database hold.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2199, 12, 31)


def in_range(day: date) -> bool:
    """True when ``day`` (a date, or the date of a wall clock) is within the typed range."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def range_message(field: str | None = None) -> str:
    """What to tell a person whose ``field`` (its label; default "The date") is outside the
    range, naming the range, in the language being rendered."""
    return gettext(
        "%(field)s must be between %(earliest)s and %(latest)s.",
        field=field or gettext("The date"),
        earliest=EARLIEST_DAY.isoformat(),
        latest=LATEST_DAY.isoformat(),
    )


class OutOfRangeDate(LocalTimeError):
    """A date before ``EARLIEST_DAY`` or after ``LATEST_DAY``: nobody meets then."""

    def __init__(self, day: date, field: str | None = None) -> None:
        self.day = day
        super().__init__(range_message(field))


class NonexistentLocalTime(LocalTimeError):
    """The wall-clock time is skipped that day because the clocks go forward.

    ``gap_ends_at`` is the UTC instant the clocks jump (the first moment after the
    gap); ``shifted`` is the naive wall clock the time lands on when moved forward
    by the length of the gap.
    """

    def __init__(self, wall: datetime, zone: str, change: _Transition) -> None:
        self.wall = wall
        self.zone = zone
        self.gap_ends_at = change.at
        self.shifted = wall + (change.after - change.before)
        self.clocks = gettext(
            "clocks go from %(before)s to %(after)s",
            before=_clock_on(change.clock_before(), wall.date()),
            after=_clock_on(change.clock_after(), wall.date()),
        )
        super().__init__(
            gettext(
                "%(time)s does not exist on %(date)s in %(zone)s: %(clocks)s. Choose another time.",
                time=_clock(wall),
                date=_long_date(wall.date()),
                zone=zone,
                clocks=self.clocks,
            )
        )


def _zone_name(zone: str | tzinfo) -> str:
    return zone if isinstance(zone, str) else str(zone)


def _gap_error(wall: datetime, zone: str | tzinfo) -> NonexistentLocalTime:
    tz = _zone(zone)
    # Read with the offset before the change, the time lands after it; read with the
    # offset after, before it. The change lies between those two instants.
    later = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    earlier = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    earlier, later = min(earlier, later), max(earlier, later)
    return NonexistentLocalTime(wall, _zone_name(zone), _transition_between(earlier, later, tz))


def resolve_local(
    day: date, at: time, zone: str | tzinfo, *, offset: timedelta | None = None
) -> datetime:
    """The UTC instant a person means by ``day`` at ``at`` on ``zone``'s wall clock.

    The one rule (see the module docstring): a time in a gap raises
    ``NonexistentLocalTime`` with the message to show; a time in a fold means the
    first occurrence, unless ``offset`` (the UTC offset a prefilled form showed,
    see ``prefill``) names the second. Raises ``OutOfRangeDate`` for a day outside
    ``EARLIEST_DAY`` .. ``LATEST_DAY`` and ``UnknownTimeZoneError`` for a bad zone.
    """
    if not in_range(day):
        raise OutOfRangeDate(day)
    return _resolve(day, at, zone, offset)


def _resolve(day: date, at: time, zone: str | tzinfo, offset: timedelta | None) -> datetime:
    """``resolve_local`` for any date (a series the app extends may pass the typed range)."""
    if at.tzinfo is not None:
        raise ValueError("resolve_local() takes a naive wall-clock time")
    wall = datetime.combine(day, at)
    found = _occurrences(wall, _zone(zone))
    if not found:
        raise _gap_error(wall, zone)
    if offset is not None:
        for instant in found:
            if _offset(instant, _zone(zone)) == offset:
                return instant
    return found[0]


@dataclass(frozen=True)
class Prefill:
    """What a form shows for a stored instant: local date, time and the offset in force."""

    day: date
    at: time
    offset: timedelta


def prefill(instant: datetime, zone: str | tzinfo) -> Prefill:
    """The local date, time and UTC offset of ``instant``, for a form to show and send back.

    ``resolve_local(p.day, p.at, zone, offset=p.offset)`` returns ``instant`` again
    (to the minute), even when that wall-clock time happens twice.
    """
    local = to_local(instant, zone)
    return Prefill(local.date(), local.time().replace(fold=0), _offset(instant, _zone(zone)))


def fold_notice(day: date, at: time, zone: str | tzinfo, chosen: datetime) -> str | None:
    """The sentence telling a person which of two identical clock readings was used.

    ``None`` unless ``day`` at ``at`` happens twice in ``zone``. ``chosen`` is the
    instant ``resolve_local`` returned.
    """
    tz = _zone(zone)
    wall = datetime.combine(day, at)
    found = _occurrences(wall, tz)
    if len(found) < 2:
        return None
    change = _transition_between(found[0], found[1], tz)
    local = to_local(chosen, tz)
    values = {
        "time": _clock(wall),
        "date": _long_date(day),
        "zone": _zone_name(zone),
        "before": _clock_on(change.clock_before(), day),
        "after": _clock_on(change.clock_after(), day),
        "abbreviation": zone_abbreviation(local),
        "offset": utc_offset_label(_zone_name(zone), chosen),
    }
    if chosen == found[0]:
        return gettext(
            "%(time)s happens twice on %(date)s in %(zone)s: clocks go back from %(before)s "
            "to %(after)s. The first one (%(abbreviation)s, %(offset)s) is used.",
            **values,
        )
    return gettext(
        "%(time)s happens twice on %(date)s in %(zone)s: clocks go back from %(before)s "
        "to %(after)s. The second one (%(abbreviation)s, %(offset)s) is used.",
        **values,
    )


def resolve_repeating(day: date, at: time, zone: str | tzinfo) -> tuple[datetime, str | None]:
    """One occurrence of a repeating wall-clock time: its UTC instant and what to tell.

    Same rule as ``resolve_local``, except that a gap cannot be refused for one date
    of a series: that occurrence moves forward by the length of the gap, and the
    returned sentence says so. A fold takes the first occurrence and says so.
    """
    try:
        instant = _resolve(day, at, zone, None)
    except NonexistentLocalTime as gap:
        shifted = to_utc(gap.wall, zone)
        return shifted, gettext(
            "%(time)s does not exist on %(date)s in %(zone)s (%(clocks)s), "
            "so that one is at %(shifted)s.",
            time=_clock(gap.wall),
            date=_long_date(day),
            zone=gap.zone,
            clocks=gap.clocks,
            shifted=_clock(gap.shifted),
        )
    return instant, fold_notice(day, at, zone, instant)


def start_of_day(day: date, zone: str | tzinfo) -> datetime:
    """The first UTC instant whose date on ``zone``'s calendar is ``day``.

    Usually local midnight; where the clocks go forward at midnight (Santiago,
    Beirut, Havana) it is the moment they jump to, e.g. 01:00.
    """
    try:
        return _resolve(day, time(0), zone, None)
    except NonexistentLocalTime as gap:
        return gap.gap_ends_at
