"""The goal endpoints: members set and rate their own; facilitators read and agree."""

from __future__ import annotations

import pytest

from tests.goals.builders import open_checkin
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def test_the_api_sets_rates_and_agrees_goals(app, world, api_as) -> None:
    member = api_as(world.owner)
    path = f"/cohorts/{world.cohort.id}/goals"
    levels = {"-2": "a", "-1": "b", "0": "c", "1": "d"}
    partial = member.post(path, json={"statement": "Rest", "levels": levels})
    assert partial.status_code == 422
    assert "levels.2" in partial.get_json()["errors"][0]["field"] or "levels.2" in str(
        partial.get_json()
    )
    created = member.post(path, json={"statement": "Rest", "levels": {**levels, "2": "e"}})
    assert created.status_code == 201, created.get_json()
    goal_id = created.get_json()["id"]
    closed = member.put(f"/goals/{goal_id}/rating", json={"rating": 1})
    assert closed.status_code == 409
    open_checkin(world)
    rated = member.put(f"/goals/{goal_id}/rating", json={"rating": 1})
    assert rated.status_code == 200
    assert rated.get_json()["ratings"][0]["point_key"] == "baseline"
    agreed = api_as(world.facilitator).patch(
        f"/goals/{goal_id}",
        json={"statement": "Rest", "levels": {**levels, "2": "e"}, "agreed": True},
    )
    assert agreed.get_json()["agreed_by_id"] == world.facilitator.id
    listed = api_as(world.facilitator).get(
        f"/cohorts/{world.cohort.id}/members/{world.owner.id}/goals"
    )
    assert listed.get_json()["total"] == 1
    assert member.get(path).get_json()["items"][0]["ratings"][0]["rating"] == 1
