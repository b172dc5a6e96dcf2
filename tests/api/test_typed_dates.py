"""Every date and time a caller types keeps to 1900-01-01 .. 2199-12-31: out of range is a
422 naming the field or parameter, never a 500, and a stored meeting is always readable."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.db import db
from tests.trust.world import build_world

RANGE = "must be between 1900-01-01 and 2199-12-31."
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
# Zones with a spring-forward gap, a fold, a half-hour offset and the date line.
ZONES = ("Europe/Vienna", "America/New_York", "Asia/Kolkata", "Pacific/Kiritimati", "UTC")
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _wall_clock(wall: datetime) -> str:
    """``YYYY-MM-DDTHH:MM`` with a four-digit year (``strftime`` does not pad year 1)."""
    return f"{wall.year:04d}-{wall.month:02d}-{wall.day:02d}T{wall.hour:02d}:{wall.minute:02d}"


def _fields(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {e["field"] for e in response.get_json()["errors"]}


def _refused_naming(api, path: str, body: dict, *fields: str) -> None:  # type: ignore[no-untyped-def, type-arg]
    """POST ``body`` to ``path``: a 422 naming exactly ``fields``."""
    response = api.post(path, json=body)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert _fields(response) == set(fields)


@pytest.mark.parametrize(
    ("name", "value"),
    [("from", "0001-01-01T00:00:00+14:00"), ("to", "9999-12-31T23:59:59-12:00")],
)
def test_a_filter_out_of_range_is_a_422_naming_it(world, api_as, name, value):
    response = api_as(world.facilitator).get(
        f"/cohorts/{world.cohort.id}/meetings", query_string={name: value}
    )
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.get_json()["errors"] == [
        {"location": "query", "field": name, "detail": f"{name} {RANGE}"}
    ]


def test_from_later_than_to_names_both(world, api_as):
    response = api_as(world.facilitator).get(
        f"/cohorts/{world.cohort.id}/meetings",
        query_string={"from": "2026-05-02T00:00:00+00:00", "to": "2026-05-01T00:00:00+00:00"},
    )
    assert response.status_code == 422
    assert _fields(response) == {"from", "to"}


@pytest.mark.parametrize(
    "local_start", ["9999-12-31T23:59", "0001-01-01T00:00", "1899-12-31T23:59"]
)
def test_a_meeting_out_of_range_is_refused_and_nothing_is_stored(world, api_as, local_start):
    api = api_as(world.facilitator)
    before = api.get(f"/cohorts/{world.cohort.id}/meetings").get_json()["total"]
    response = api.post(
        f"/cohorts/{world.cohort.id}/meetings",
        json={"local_start": local_start, "topic": "Far away"},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"location": "json", "field": "local_start", "detail": f"local_start {RANGE}"}
    ]
    assert api.get(f"/cohorts/{world.cohort.id}/meetings").get_json()["total"] == before
    assert api_as(world.owner).get("/me/checkins").status_code == 200


@pytest.mark.parametrize("local_start", ["1900-01-01T00:00", "2199-12-31T23:59"])
def test_the_ends_of_the_range_are_accepted_and_readable(world, api_as, local_start):
    world.cohort.timezone = "Pacific/Kiritimati"  # UTC+14: the first minute is in 1899 UTC
    db.session.commit()
    api = api_as(world.facilitator)
    response = api.post(
        f"/cohorts/{world.cohort.id}/meetings",
        json={"local_start": local_start, "topic": "Edge", "duration_minutes": 480},
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["local_start"] == local_start
    assert api.get(f"/cohorts/{world.cohort.id}/meetings").status_code == 200
    assert api_as(world.owner).get("/me/checkins").status_code == 200


def test_a_due_time_and_a_start_date_out_of_range_name_their_field(world, api_as):
    api = api_as(world.facilitator)
    due = {"template": "builtin:thought-record", "due_at": "0001-01-01T00:00:00+14:00"}
    _refused_naming(api, f"/cohorts/{world.cohort.id}/assignments", due, "due_at")
    cohort = api.post(
        "/cohorts",
        json={
            "program_id": 1,
            "name": "Far",
            "start_date": "9999-12-31",
            "weekdays": [0],
            "local_time": "18:00",
            "duration_minutes": 60,
            "timezone": "UTC",
        },
    )
    assert cohort.status_code == 422
    assert "start_date" in _fields(cohort)
    assert f"start_date {RANGE}" in {e["detail"] for e in cohort.get_json()["errors"]}


@FUZZ
@given(
    start=st.datetimes(),
    end=st.datetimes(),
    start_offset=OFFSETS,
    end_offset=OFFSETS,
)
def test_any_filter_is_answered_or_named(world, api_as, start, end, start_offset, end_offset):
    api = api_as(world.facilitator)
    query = {
        "from": start.replace(tzinfo=start_offset).isoformat(),
        "to": end.replace(tzinfo=end_offset).isoformat(),
    }
    response = api.get(f"/cohorts/{world.cohort.id}/meetings", query_string=query)
    assert response.status_code in (200, 422), response.get_data(as_text=True)
    if response.status_code == 422:
        assert _fields(response)
        assert _fields(response) <= {"from", "to"}


@FUZZ
@given(
    wall=st.datetimes(),
    zone=st.sampled_from(ZONES),
)
def test_any_local_start_is_stored_or_named(world, api_as, wall, zone):
    world.cohort.timezone = zone
    db.session.commit()
    response = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/meetings",
        json={"local_start": _wall_clock(wall), "topic": "Any"},
    )
    assert response.status_code in (201, 422), response.get_data(as_text=True)
    if response.status_code == 422:
        assert _fields(response) == {"local_start"}
    else:
        assert 1900 <= wall.year <= 2199
        assert datetime.fromisoformat(response.get_json()["starts_at"]).tzinfo is not None


def test_only_ascii_digits_make_a_date_and_a_lost_plus_is_explained(world, api_as):
    api = api_as(world.facilitator)
    wide = {"local_start": "\uff12\uff10\uff12\uff17-01-05T18:00", "topic": "Wide digits"}
    _refused_naming(api, f"/cohorts/{world.cohort.id}/meetings", wide, "local_start")
    # An unencoded + in a query string arrives as a space.
    lost = api.get(f"/cohorts/{world.cohort.id}/meetings?from=2026-01-01T00:00:00+01:00")
    assert lost.status_code == 422
    assert "%2B" in lost.get_json()["errors"][0]["detail"]


@pytest.mark.parametrize("start_date", ["9999-12-31", "0001-01-01"])
def test_copying_a_cohort_far_away_names_the_start_date(world, api_as, start_date):
    api = api_as(world.facilitator)
    body = {"name": "Next term", "start_date": start_date}
    for path in ("copies/preview", "copies"):
        _refused_naming(api, f"/cohorts/{world.cohort.id}/{path}", body, "start_date")
