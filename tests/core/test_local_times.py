"""The one rule for local times, over the whole tz database and several years.

A time the clocks skip is refused with a message saying what the clocks do; a time
that happens twice means the first one; a prefilled value of a stored instant
resolves back to exactly that instant. Day boundaries start at the first instant of
the date, which is not midnight where the clocks change at midnight.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from wtforms import Form

from groupapp.core.local_fields import LocalOffsetField, shown_value
from groupapp.core.timezones import (
    NonexistentLocalTime,
    fold_notice,
    prefill,
    resolve_local,
    resolve_repeating,
    start_of_day,
    to_local,
    to_utc,
)

ZONES = sorted(available_timezones() - {"Factory", "localtime"})
# 30- and 45-minute offsets (Lord Howe even shifts by 30 minutes for summer), and
# zones whose clocks change at midnight.
EDGE_ZONES = [
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Australia/Adelaide",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Australia/Eucla",
    "America/Santiago",
    "America/Asuncion",
    "America/Havana",
    "Asia/Beirut",
    "Africa/Cairo",
    "Asia/Tehran",
    "America/St_Johns",
    "Europe/Vienna",
    "America/New_York",
]
zones = st.sampled_from(EDGE_ZONES) | st.sampled_from(ZONES)
# Minute precision, as forms carry it; years either side of today's rules.
instants = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - bounds of a naive strategy
    max_value=datetime(2037, 12, 31),  # noqa: DTZ001 - bounds of a naive strategy
).map(lambda moment: moment.replace(second=0, microsecond=0, tzinfo=UTC))


class _ShownForm(Form):
    shown = LocalOffsetField()


def _shown(value: str | None) -> LocalOffsetField:
    """The hidden field as a form sends it back."""
    return _ShownForm(shown=value).shown


def _offset(instant: datetime, zone: str) -> timedelta:
    return to_local(instant, zone).utcoffset() or timedelta(0)


def transitions(zone: str, year: int) -> list[tuple[datetime, timedelta, timedelta]]:
    """Offset changes of ``zone`` in ``year``: (UTC instant to the minute, before, after)."""
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=6)
    while moment < end:
        later = moment + step
        before, after = _offset(moment, zone), _offset(later, zone)
        if before != after:
            low, high = moment, later
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if _offset(middle, zone) == before else (low, middle)
            # Changes happen on whole minutes: the first whole minute on the new offset.
            minute = high.replace(second=0, microsecond=0)
            if _offset(minute, zone) != after:
                minute += timedelta(minutes=1)
            found.append((minute, before, after))
        moment = later
    return found


@settings(max_examples=300, deadline=None)
@given(zone=zones, instant=instants)
@example(zone="America/New_York", instant=datetime(2026, 11, 1, 6, 30, tzinfo=UTC))  # 2nd 1:30
@example(zone="Australia/Lord_Howe", instant=datetime(2026, 4, 4, 15, 15, tzinfo=UTC))
@example(zone="America/Santiago", instant=datetime(2026, 4, 5, 3, 30, tzinfo=UTC))
def test_a_prefilled_value_resolves_to_the_instant_it_came_from(zone: str, instant: datetime):
    shown = prefill(instant, zone)
    assert resolve_local(shown.day, shown.at, zone, offset=shown.offset) == instant
    # The same through the hidden form field a prefilled form sends back.
    field = _shown(shown_value(instant, zone))
    assert (
        resolve_local(shown.day, shown.at, zone, offset=field.offset_for(shown.day, shown.at))
        == instant
    )


_DST_ZONES = [
    zone
    for zone in ZONES
    if _offset(datetime(2026, 1, 15, tzinfo=UTC), zone)
    != _offset(datetime(2026, 7, 15, tzinfo=UTC), zone)
]
change_zones = st.sampled_from(EDGE_ZONES) | st.sampled_from(_DST_ZONES)


@settings(max_examples=120, deadline=None)
@given(
    zone=change_zones,
    year=st.integers(min_value=2000, max_value=2037),
    fraction=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_gap_times_are_refused_and_fold_times_take_the_first(
    zone: str, year: int, fraction: float
) -> None:
    for at, before, after in transitions(zone, year):
        length = abs(after - before)
        inside = timedelta(minutes=int(length.total_seconds() // 60 * fraction))
        if after > before:  # clocks go forward: a gap of wall-clock times
            wall = (at + before + inside).replace(tzinfo=None)
            with pytest.raises(NonexistentLocalTime) as refused:
                resolve_local(wall.date(), wall.time(), zone)
            message = str(refused.value)
            assert message.startswith(f"{wall:%H:%M} does not exist on ")
            assert f" in {zone}: clocks go from " in message
            assert message.endswith("Choose another time.")
            assert refused.value.gap_ends_at == at
        else:  # clocks go back: these wall-clock times happen twice
            wall = (at + after + inside).replace(tzinfo=None)
            first = wall.replace(tzinfo=UTC) - before
            chosen = resolve_local(wall.date(), wall.time(), zone)
            assert chosen == first
            assert chosen + length == resolve_local(wall.date(), wall.time(), zone, offset=after)
            notice = fold_notice(wall.date(), wall.time(), zone, chosen)
            assert notice is not None
            assert "happens twice" in notice
            assert "The first one" in notice


@settings(max_examples=200, deadline=None)
@given(zone=zones, day=st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 30)))
@example(zone="America/Santiago", day=date(2026, 9, 6))  # clocks go 00:00 -> 01:00
@example(zone="Asia/Beirut", day=date(2026, 3, 29))
def test_a_day_starts_at_its_first_instant(zone: str, day: date) -> None:
    start = start_of_day(day, zone)
    local = to_local(start, zone)
    # Usually the same date; later only where the whole day was skipped (Samoa, 2011).
    assert local.date() >= day
    # A minute earlier is still the day before.
    assert to_local(start - timedelta(minutes=1), zone).date() < day


@settings(max_examples=200, deadline=None)
@given(zone=zones, day=st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31)),
       at=st.times().map(lambda t: t.replace(second=0, microsecond=0)))  # fmt: skip
def test_a_repeating_time_always_lands_and_says_when_it_moved(
    zone: str, day: date, at: time
) -> None:
    instant, notice = resolve_repeating(day, at, zone)
    # The scanners' to_utc lands on the same instant (without the sentence).
    assert to_utc(datetime.combine(day, at), zone) == instant
    local = to_local(instant, zone).replace(tzinfo=None)
    if local == datetime.combine(day, at):
        assert notice is None or "happens twice" in notice
    else:
        assert notice is not None
        assert "does not exist" in notice
        assert f"so that one is at {local:%H:%M}." in notice


def test_vienna_gap_message() -> None:
    with pytest.raises(NonexistentLocalTime) as refused:
        resolve_local(date(2027, 3, 28), time(2, 30), "Europe/Vienna")
    assert str(refused.value) == (
        "02:30 does not exist on 28 March 2027 in Europe/Vienna: "
        "clocks go from 02:00 to 03:00. Choose another time."
    )


def test_lord_howe_gap_is_thirty_minutes() -> None:
    with pytest.raises(NonexistentLocalTime, match="clocks go from 02:00 to 02:30"):
        resolve_local(date(2026, 10, 4), time(2, 15), "Australia/Lord_Howe")


def test_chatham_gap_at_a_quarter_to_three() -> None:
    # Chatham (UTC+12:45) moves on at 02:45 local standard time.
    with pytest.raises(NonexistentLocalTime, match="clocks go from 02:45 to 03:45"):
        resolve_local(date(2026, 9, 27), time(3, 0), "Pacific/Chatham")


def test_santiago_midnight_gap_and_day_start() -> None:
    with pytest.raises(NonexistentLocalTime, match="clocks go from 00:00 to 01:00"):
        resolve_local(date(2026, 9, 6), time(0, 15), "America/Santiago")
    assert start_of_day(date(2026, 9, 6), "America/Santiago") == datetime(
        2026, 9, 6, 4, 0, tzinfo=UTC
    )


def test_new_york_fold_takes_the_first_and_says_so() -> None:
    chosen = resolve_local(date(2026, 11, 1), time(1, 30), "America/New_York")
    assert chosen == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert fold_notice(date(2026, 11, 1), time(1, 30), "America/New_York", chosen) == (
        "01:30 happens twice on 1 November 2026 in America/New_York: clocks go back from "
        "02:00 to 01:00. The first one (EDT, UTC-04:00) is used."
    )
    assert fold_notice(date(2026, 11, 2), time(1, 30), "America/New_York", chosen) is None


def test_an_offset_for_another_wall_clock_is_ignored() -> None:
    # What the form showed: a January meeting (EST).
    field = _shown("2026-01-10T01:30-05:00")
    # Typed anew: the fold day's 01:30 follows the rule (the first, EDT).
    offset = field.offset_for(date(2026, 11, 1), time(1, 30))
    assert offset is None
    assert resolve_local(date(2026, 11, 1), time(1, 30), "America/New_York", offset=offset) == (
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    )
    for junk in ("", "yesterday", "2026-11-01T01:30", None):
        assert _shown(junk).offset_for(date(2026, 11, 1), time(1, 30)) is None


def test_zone_objects_work_as_well_as_names() -> None:
    assert resolve_local(date(2026, 6, 1), time(9), ZoneInfo("Asia/Kathmandu")) == datetime(
        2026, 6, 1, 3, 15, tzinfo=UTC
    )
