"""Risk alerts through the API: listed for the cohort's staff, acknowledged once, audited."""

from __future__ import annotations

import pytest

from groupapp.assessments.models import AssessmentResponse, RiskAlert
from groupapp.cohorts.models import Membership
from groupapp.db import db, utcnow
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


def test_the_alert_list_and_the_export_run_the_same_statements_at_two_sizes(
    world, factories, api_as, count_queries
):
    alert = db.session.get(RiskAlert, alert_values(world)["alert_id"])
    api = api_as(world.facilitator)

    def grow(n: int) -> None:
        """``n`` more members, each with a submitted response and an open alert."""
        for _ in range(n):
            member = factories.user(org=world.org)
            db.session.add(Membership(cohort=world.cohort, user=member, status="active"))
            response = AssessmentResponse(
                organisation_id=world.org.id, cohort_id=world.cohort.id, user_id=member.id,
                schedule_id=alert.response.schedule_id, instrument_id=alert.response.instrument_id,
                instrument_version_id=alert.response.instrument_version_id,
                occurrence_key="baseline", due_on=alert.response.due_on, status="submitted",
                submitted_at=utcnow(), answers=alert.response.answers, total=12, band="Moderate",
            )  # fmt: skip
            db.session.add(response)
            db.session.flush()
            flag = RiskAlert(
                organisation_id=world.org.id, cohort_id=world.cohort.id,
                response_id=response.id, user_id=member.id, item_ids=["q9"],
            )  # fmt: skip
            db.session.add(flag)
        db.session.commit()

    def counts() -> tuple[int, int]:
        found = []
        for path in ("/alerts?per_page=100", f"/cohorts/{world.cohort.id}/export.csv"):
            api.get("/me")
            with count_queries() as statements:
                assert api.get(path).status_code == 200
            found.append(len(statements))
        return found[0], found[1]

    grow(1)
    small = counts()
    grow(6)
    assert api.get("/alerts").get_json()["total"] == 8
    assert counts() == small
