"""A participant's open check-ins through the API."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from groupapp.assessments.models import Instrument
from groupapp.assessments.schedules import ScheduleSettings, save_schedule
from groupapp.db import db
from tests.assessments.access_table import _schedule
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def test_open_checkins_are_the_callers_own(world, api_as, count_queries):
    schedule = _schedule(world)
    db.session.commit()
    owner = api_as(world.owner)
    owner.get("/me")
    with count_queries() as statements:
        body = owner.get("/me/checkins").get_json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["id"] == f"{schedule.id}.baseline"
    assert item["instrument_id"] == schedule.instrument_id
    assert item["opens_at"] < item["closes_at"]
    assert item["started"] is False
    small = len(statements)
    gad7 = db.session.scalar(
        sa.select(Instrument).where(
            Instrument.organisation_id == world.org.id, Instrument.slug == "gad7"
        )
    )
    save_schedule(world.cohort, gad7, ScheduleSettings())
    db.session.commit()
    with count_queries() as statements:
        assert owner.get("/me/checkins").get_json()["total"] == 2
    assert len(statements) == small
    assert api_as(world.other_cohort_participant).get("/me/checkins").get_json()["total"] == 0
    assert api_as(world.facilitator).get("/me/checkins").get_json()["total"] == 0
