"""Time zone helpers: validation, conversion at DST edges, and what viewers read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from groupapp.core.timezones import (
    UnknownTimeZoneError,
    common_zones,
    format_for_viewer,
    format_time,
    get_zone,
    is_ambiguous,
    is_nonexistent,
    is_valid_zone,
    to_local,
    to_utc,
    utc_offset_label,
)


@pytest.mark.parametrize(
    "name", ["America/New_York", "Europe/London", "Australia/Sydney", "UTC", "Asia/Kolkata"]
)
def test_real_zones_are_valid(name: str) -> None:
    assert is_valid_zone(name)


@pytest.mark.parametrize(
    "name", ["", None, "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", " UTC"]
)
def test_bad_names_are_refused(name: str | None) -> None:
    assert not is_valid_zone(name)
    with pytest.raises(UnknownTimeZoneError):
        get_zone(name or "")


def test_to_local_and_back_round_trips() -> None:
    instant = datetime(2026, 3, 3, 23, 0, tzinfo=UTC)
    local = to_local(instant, "America/New_York")
    assert (local.hour, local.tzname()) == (18, "EST")
    assert to_utc(local.replace(tzinfo=None), "America/New_York") == instant


def test_naive_and_aware_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        to_local(datetime(2026, 3, 3, 18, 0), "UTC")  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="naive"):
        to_utc(datetime(2026, 3, 3, 18, 0, tzinfo=UTC), "UTC")


def test_spring_forward_gap_moves_later_by_the_gap() -> None:
    # 2:30 am on 8 March 2026 never happens in New York: clocks jump 2:00 -> 3:00.
    wall = datetime(2026, 3, 8, 2, 30)  # noqa: DTZ001 - wall-clock value
    assert is_nonexistent(wall, "America/New_York")
    assert not is_ambiguous(wall, "America/New_York")
    instant = to_utc(wall, "America/New_York")
    assert instant == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert to_local(instant, "America/New_York").strftime("%H:%M %Z") == "03:30 EDT"


def test_autumn_fold_takes_the_first_occurrence() -> None:
    # 1:30 am on 1 November 2026 happens twice in New York; we mean the EDT one.
    wall = datetime(2026, 11, 1, 1, 30)  # noqa: DTZ001 - wall-clock value
    assert is_ambiguous(wall, "America/New_York")
    assert not is_nonexistent(wall, "America/New_York")
    assert to_utc(wall, "America/New_York") == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_london_gap_and_fold_2026() -> None:
    gap = datetime(2026, 3, 29, 1, 30)  # noqa: DTZ001 - wall-clock value
    fold = datetime(2026, 10, 25, 1, 30)  # noqa: DTZ001 - wall-clock value
    assert is_nonexistent(gap, "Europe/London")
    assert to_utc(gap, "Europe/London") == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert is_ambiguous(fold, "Europe/London")
    assert to_utc(fold, "Europe/London") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_sydney_fold_in_april_and_gap_in_october_2026() -> None:
    fold = datetime(2026, 4, 5, 2, 30)  # noqa: DTZ001 - wall-clock value
    gap = datetime(2026, 10, 4, 2, 30)  # noqa: DTZ001 - wall-clock value
    assert is_ambiguous(fold, "Australia/Sydney")
    assert to_utc(fold, "Australia/Sydney") == datetime(2026, 4, 4, 15, 30, tzinfo=UTC)  # AEDT
    assert is_nonexistent(gap, "Australia/Sydney")
    assert to_local(to_utc(gap, "Australia/Sydney"), "Australia/Sydney").hour == 3


def test_ordinary_time_is_neither_gap_nor_fold() -> None:
    wall = datetime(2026, 6, 1, 18, 0)  # noqa: DTZ001 - wall-clock value
    assert not is_nonexistent(wall, "Europe/London")
    assert not is_ambiguous(wall, "Europe/London")


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", "Tue 3 Mar 2026, 6:00 pm EST (America/New_York)"),
        ("Europe/London", "Tue 3 Mar 2026, 11:00 pm GMT (Europe/London)"),
        ("Australia/Sydney", "Wed 4 Mar 2026, 10:00 am AEDT (Australia/Sydney)"),
        ("Asia/Dubai", "Wed 4 Mar 2026, 3:00 am UTC+04 (Asia/Dubai)"),
        ("UTC", "Tue 3 Mar 2026, 11:00 pm UTC (UTC)"),
    ],
)
def test_one_instant_formatted_for_viewers_in_different_zones(zone: str, expected: str) -> None:
    assert format_for_viewer(datetime(2026, 3, 3, 23, 0, tzinfo=UTC), zone) == expected


def test_noon_and_midnight_read_naturally() -> None:
    assert format_time(datetime(2026, 6, 1, 12, 5, tzinfo=UTC), "UTC") == "12:05 pm UTC (UTC)"
    assert format_time(datetime(2026, 6, 1, 0, 0, tzinfo=UTC), "UTC") == "12:00 am UTC (UTC)"


def test_offset_label_follows_daylight_saving() -> None:
    assert utc_offset_label("America/New_York", datetime(2026, 1, 5, tzinfo=UTC)) == "UTC-05:00"
    assert utc_offset_label("America/New_York", datetime(2026, 7, 5, tzinfo=UTC)) == "UTC-04:00"
    assert utc_offset_label("Asia/Kolkata", datetime(2026, 7, 5, tzinfo=UTC)) == "UTC+05:30"


def test_common_zones_offer_canonical_names_only() -> None:
    values = [value for value, _label in common_zones()]
    assert values == sorted(values)
    assert {"America/New_York", "Europe/London", "Australia/Sydney", "UTC"} <= set(values)
    assert "US/Eastern" not in values
    assert all(is_valid_zone(value) for value in values)
    assert ("America/New_York", "America/New York") in common_zones()


def test_offered_zones_are_the_tz_databases_canonical_names():
    from groupapp.core.timezones import common_zones

    values = {value for value, _ in common_zones()}
    # Links (older or alias names) are not offered; their canonical zones are.
    assert {"America/Argentina/Buenos_Aires", "Europe/Kyiv", "Asia/Kolkata"} <= values
    assert not {"America/Buenos_Aires", "Europe/Kiev", "Asia/Calcutta"} & values
    assert "UTC" in values
