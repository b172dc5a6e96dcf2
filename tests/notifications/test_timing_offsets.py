"""Reminder offsets a facilitator types: read to the whole minute, shown as read back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groupapp.notifications.timings import (
    MAX_OVERDUE_DAYS,
    MAX_REMINDER_HOURS,
    MAX_VALUES,
    TimingError,
    format_offsets,
    parse_offsets,
)

UNITS = st.sampled_from([("hours", MAX_REMINDER_HOURS, 60), ("days", MAX_OVERDUE_DAYS, 1440)])


@settings(max_examples=300)
@given(text=st.text(max_size=60), unit=UNITS)
def test_any_text_is_read_or_refused_with_a_message(text: str, unit: tuple[str, int, int]):
    name, maximum, per_unit = unit
    try:
        values = parse_offsets(text, maximum, name)
    except TimingError as refused:
        message = str(refused)
        values = []
    else:
        message = "read"
    assert message
    assert len(values) <= MAX_VALUES
    assert values == sorted(set(values), reverse=True)
    for value in values:
        assert 0 < value <= maximum
        assert round(value * per_unit) == pytest.approx(value * per_unit)


@settings(max_examples=300)
@given(unit=UNITS, data=st.data())
def test_what_the_form_shows_reads_back_the_same(unit: tuple[str, int, int], data):  # type: ignore[no-untyped-def]
    name, maximum, per_unit = unit
    minutes = data.draw(
        st.lists(st.integers(1, maximum * per_unit), min_size=0, max_size=MAX_VALUES, unique=True)
    )
    stored = parse_offsets(", ".join(f"{m / per_unit!r}" for m in minutes), maximum, name)
    assert stored == [m / per_unit for m in sorted(minutes, reverse=True)]
    assert parse_offsets(format_offsets(stored), maximum, name) == stored


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24, 1", [24.0, 1.0]),
        ("1.5; 1", [1.5, 1.0]),
        ("64", [64.0]),
        (" 1 , 1.0 ", [1.0]),
        ("", []),
    ],
)
def test_plain_decimals_are_read(text: str, expected: list[float]) -> None:
    assert parse_offsets(text, MAX_REMINDER_HOURS, "hours") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "“soon” is not a number of hours."),
        ("nan", "“nan” is not a number of hours."),
        ("1e3", "“1e3” is not a number of hours."),
        ("-1", "“-1” is not a number of hours."),
        ("0", "Each value must be at least one minute and at most 168 hours."),
        ("0.001", "Each value must be at least one minute and at most 168 hours."),
        ("169", "Each value must be at least one minute and at most 168 hours."),
        ("1, 2, 3, 4, 5", "Choose at most 4 values."),
    ],
)
def test_unusable_values_are_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(TimingError) as refused:
        parse_offsets(text, MAX_REMINDER_HOURS, "hours")
    assert str(refused.value) == message
