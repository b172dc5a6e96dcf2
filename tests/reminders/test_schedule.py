"""When an own reminder is next due: the person's wall clock, their weekdays, DST rules."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from groupapp.core.timezones import to_local
from groupapp.reminders.schedule import next_due

ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/Santiago",
    "Pacific/Chatham",
]


def test_next_due_is_the_coming_chosen_weekday_at_the_local_time() -> None:
    monday_noon = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday
    # 8:30 on Monday has passed in London; Wednesday is next.
    due = next_due(monday_noon, time(8, 30), (0, 2), "Europe/London")
    assert due == datetime(2026, 3, 4, 8, 30, tzinfo=UTC)
    assert next_due(monday_noon, time(8, 30), (), "Europe/London") is None


def test_a_time_the_clocks_skip_comes_later_by_the_gap() -> None:
    # New York skips 02:00-03:00 on Sunday 8 March 2026.
    saturday = datetime(2026, 3, 7, 12, tzinfo=UTC)
    due = next_due(saturday, time(2, 30), (6,), "America/New_York")
    assert due is not None
    local = to_local(due, "America/New_York")
    assert (local.date().isoformat(), local.hour, local.minute) == ("2026-03-08", 3, 30)


def test_a_time_that_happens_twice_comes_at_the_first() -> None:
    # New York repeats 01:00-02:00 on Sunday 1 November 2026 (EDT, UTC-4, first).
    saturday = datetime(2026, 10, 31, 12, tzinfo=UTC)
    assert next_due(saturday, time(1, 30), (6,), "America/New_York") == datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC
    )


@settings(max_examples=300, deadline=None)
@given(
    after=st.datetimes(
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=datetime(2035, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    at=st.times(),
    weekdays=st.sets(st.integers(0, 6), min_size=1),
    zone=st.sampled_from(ZONES),
)
def test_next_due_is_soon_after_on_a_chosen_day_at_the_time(after, at, weekdays, zone) -> None:  # type: ignore[no-untyped-def]
    at = at.replace(second=0, microsecond=0)
    due = next_due(after, at, weekdays, zone)
    assert due is not None
    assert after < due <= after + timedelta(days=8)
    local = to_local(due, zone)
    assert local.weekday() in weekdays
    # At the time, or later by a skipped stretch of clock (never more than a few hours).
    wall = datetime.combine(local.date(), at)
    assert timedelta(0) <= local.replace(tzinfo=None) - wall <= timedelta(hours=3)
