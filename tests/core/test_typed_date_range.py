"""The one range for typed dates (1900-01-01 .. 2199-12-31), in the helper and the pages."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groupapp.core.timezones import (
    EARLIEST_DAY,
    LATEST_DAY,
    LocalTimeError,
    OutOfRangeDate,
    resolve_local,
    start_of_day,
)
from tests.cohorts.builders import make_cohort
from tests.cohorts.web import post

ZONES = ("Europe/Vienna", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC")


@given(
    wall=st.datetimes(),
    zone=st.sampled_from(ZONES),
)
def test_any_wall_clock_resolves_or_is_refused_with_a_message(wall, zone):
    refusal: LocalTimeError | None = None
    try:
        instant = resolve_local(wall.date(), wall.time(), zone)
    except LocalTimeError as exc:
        refusal = exc
    if refusal is None:
        assert EARLIEST_DAY <= wall.date() <= LATEST_DAY
        assert instant.tzinfo is not None
    else:
        assert str(refusal)
        in_range = EARLIEST_DAY <= wall.date() <= LATEST_DAY
        assert isinstance(refusal, OutOfRangeDate) == (not in_range)


def test_the_refusal_names_the_range():
    with pytest.raises(OutOfRangeDate, match="between 1900-01-01 and 2199-12-31"):
        resolve_local(date(9999, 12, 31), time(23, 59), "Etc/GMT+12")
    # The app's own day boundaries are not typed, so they are not refused.
    assert start_of_day(date(2200, 1, 2), "UTC").year == 2200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_the_meeting_page_names_the_date_and_keeps_what_was_typed(client, factories, login, day):
    world = make_cohort(factories)
    login(world.facilitator)
    path = f"/cohorts/{world.cohort.id}/meetings/new"
    response = post(
        client,
        path,
        {"on": day, "at": "23:59", "duration_minutes": "60", "topic": "Far away"},
        page=path,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Date must be between 1900-01-01 and 2199-12-31." in page
    assert "Far away" in page
