"""Risk alerts through the API: listed for the cohort's staff, acknowledged once, audited."""

from __future__ import annotations

import pytest

from groupapp.assessments.models import RiskAlert
from groupapp.db import db
from tests.assessments.access_table import alert_values
from tests.trust.audit import assert_audited
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def test_open_alerts_are_listed_for_the_cohorts_staff_and_the_read_is_audited(world, api_as):
    alert = db.session.get(RiskAlert, alert_values(world)["alert_id"])
    for name in ("facilitator", "admin"):
        listed = api_as(world.users[name]).get("/alerts").get_json()
        assert listed["total"] == 1
        (item,) = listed["items"]
        assert item["id"] == alert.id
        assert (item["user_id"], item["display_name"]) == (world.owner.id, world.owner.display_name)
        assert (item["cohort_id"], item["cohort_name"]) == (world.cohort.id, world.cohort.name)
        assert item["instrument"] == alert.response.instrument.short_name
        assert item["item_ids"] == ["q9"]
        assert item["acknowledged_at"] is None
        assert_audited("assessment.risk_alerts.read", actor=world.users[name], reason="1 open")
    for outsider in ("other_cohort_facilitator", "other_org_admin", "other_org_facilitator"):
        assert api_as(world.users[outsider]).get("/alerts").get_json()["total"] == 0, outsider
    refused = api_as(world.owner).get("/alerts")
    assert refused.status_code == 403
    assert refused.content_type == "application/problem+json"


def test_one_facilitator_acknowledges_for_everyone_and_the_first_note_stands(world, api_as):
    alert_id = alert_values(world)["alert_id"]
    url = f"/alerts/{alert_id}/acknowledge"
    facilitator = api_as(world.facilitator)
    for outsider in ("owner", "other_cohort_facilitator", "other_org_admin"):
        response = api_as(world.users[outsider]).post(url, json={"note": "Not mine to close"})
        assert response.status_code == 404, outsider
    blank = facilitator.post(url, json={"note": "  \n "})
    assert blank.status_code == 422
    assert blank.get_json()["errors"][0]["field"] == "note"
    assert db.session.get(RiskAlert, alert_id).is_open

    done = facilitator.post(url, json={"note": "Phoned them; safe, seeing their GP Monday."})
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert body["acknowledged_by_id"] == world.facilitator.id
    assert body["note"] == "Phoned them; safe, seeing their GP Monday."
    assert_audited(
        "assessment.risk_alert.acknowledge",
        actor=world.facilitator,
        subject=world.owner,
        object=("RiskAlert", alert_id),
    )
    again = api_as(world.admin).post(url, json={"note": "Also handled"})
    assert again.status_code == 409
    assert "already acknowledged" in again.get_json()["detail"]
    db.session.expire_all()
    assert db.session.get(RiskAlert, alert_id).acknowledged_by_id == world.facilitator.id
    assert api_as(world.admin).get("/alerts").get_json()["total"] == 0
