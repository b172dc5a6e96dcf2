"""Questionnaires through the API: listing, importing a file, scheduling check-ins."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
import yaml

from groupapp.assessments.models import AssessmentSchedule, Instrument
from groupapp.cohorts import meeting_services as meetings
from groupapp.db import db, utcnow
from tests.api.conftest import utc_at
from tests.assessments.access_table import _phq9
from tests.assessments.instrument_data import MINIMAL, data_file
from tests.trust.audit import assert_audited
from tests.trust.world import build_world

OUTSIDERS = ("other_cohort_facilitator", "other_org_admin", "other_cohort_participant")


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def test_staff_list_their_organisations_questionnaires_with_items(world, api_as, count_queries):
    api = api_as(world.facilitator)
    body = api.get("/instruments?per_page=100").get_json()
    phq9 = next(item for item in body["items"] if item["slug"] == "phq9")
    assert phq9["builtin"] is True
    assert phq9["version"] == 1
    assert [item["id"] for item in phq9["items"]][:2] == ["q1", "q2"]
    assert phq9["items"][0]["options"][0] == {"value": 0, "label": "Not at all"}
    assert api_as(world.owner).get("/instruments").status_code == 403
    other = api_as(world.other_org_admin).get("/instruments?per_page=100").get_json()
    assert phq9["id"] not in {item["id"] for item in other["items"]}

    def count() -> int:
        with count_queries() as statements:
            assert api.get("/instruments?per_page=100").status_code == 200
        return len(statements)

    small = count()
    for n in range(3):
        api_as(world.admin).post("/instruments", json={**MINIMAL, "id": f"mini-{n}"})
    assert api.get("/instruments?per_page=100").get_json()["total"] == body["total"] + 3
    assert count() == small


def test_an_admin_imports_a_file_as_json_or_yaml_and_versions_it(world, api_as):
    api = api_as(world.admin)
    first = api.post("/instruments", json=MINIMAL)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["version"] == 1
    same = api.post("/instruments", data=yaml.safe_dump(MINIMAL), content_type="application/yaml")
    assert same.status_code == 200
    assert same.get_json()["id"] == first.get_json()["id"]
    changed = api.post("/instruments", json={**MINIMAL, "name": "Minimal example, revised"})
    assert changed.status_code == 201
    assert changed.get_json()["version"] == 2


def test_a_broken_file_lists_every_problem_with_its_path(world, api_as):
    response = api_as(world.admin).post(
        "/instruments", data=data_file("broken_many.yaml"), content_type="application/yaml"
    )
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    errors = response.get_json()["errors"]
    assert len(errors) > 1
    assert all(e["field"] and e["detail"] for e in errors)
    assert any("[" in e["field"] for e in errors)
    garbled = api_as(world.admin).post("/instruments", data=b"\xff\xfe{", content_type="text/yaml")
    assert garbled.get_json()["errors"][0]["field"] == "(file)"
    clash = api_as(world.admin).post("/instruments", json={**MINIMAL, "id": "phq9"})
    assert clash.status_code == 422
    assert "built-in" in clash.get_json()["errors"][0]["detail"]


def test_only_admins_import(world, api_as):
    for actor in ("facilitator", "owner"):
        response = api_as(world.users[actor]).post("/instruments", json=MINIMAL)
        assert response.status_code == 403, actor
    assert not db.session.scalar(sa.select(Instrument).where(Instrument.slug == "mini"))


def test_a_facilitator_schedules_a_questionnaire_for_their_cohort(world, api_as):
    phq9 = _phq9(world)
    meeting = meetings.add_extra(world.cohort, utc_at(utcnow(), 18), 60, "Mid-point", None)
    db.session.commit()
    response = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/assessment-schedules",
        json={
            "instrument_id": phq9.id,
            "baseline": True,
            "every_weeks": 4,
            "meeting_ids": [meeting.id],
            "final": False,
            "window_before_days": 1,
            "window_after_days": 3,
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["every_weeks"] == 4
    assert body["meeting_ids"] == [meeting.id]
    assert body["final"] is False
    schedule = db.session.get(AssessmentSchedule, body["id"])
    assert (schedule.window_before_days, schedule.window_after_days) == (1, 3)
    assert_audited("assessment.schedule.save", actor=world.facilitator)


def test_scheduling_refuses_what_the_page_would_not_offer(world, api_as):
    phq9 = _phq9(world)
    other_meeting = meetings.add_extra(world.other_cohort, utc_at(utcnow(), 9), 60, "B", None)
    db.session.commit()
    api = api_as(world.facilitator)
    path = f"/cohorts/{world.cohort.id}/assessment-schedules"
    stray = api.post(path, json={"instrument_id": phq9.id, "meeting_ids": [other_meeting.id]})
    assert stray.status_code == 422
    assert stray.get_json()["errors"][0]["field"] == "meeting_ids"
    too_wide = api.post(path, json={"instrument_id": phq9.id, "window_after_days": 29})
    assert too_wide.get_json()["errors"][0]["field"] == "window_after_days"
    other_org = _phq9_of_other_org(world)
    assert api.post(path, json={"instrument_id": other_org}).status_code == 422
    assert db.session.query(AssessmentSchedule).count() == 0


def _phq9_of_other_org(world) -> int:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    instrument = _phq9(SimpleNamespace(org=world.other_org))
    db.session.commit()
    return instrument.id


def test_only_the_cohorts_staff_schedule(world, api_as):
    phq9 = _phq9(world)
    db.session.commit()
    path = f"/cohorts/{world.cohort.id}/assessment-schedules"
    body = {"instrument_id": phq9.id}
    assert api_as(world.owner).post(path, json=body).status_code == 403
    for outsider in OUTSIDERS:
        assert api_as(world.users[outsider]).post(path, json=body).status_code == 404, outsider
    assert db.session.query(AssessmentSchedule).count() == 0


def test_the_file_body_is_documented_as_json_and_yaml(app):
    spec = json.loads(app.test_client().get("/api/v1/openapi.json").data)
    content = spec["paths"]["/api/v1/instruments"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json", "application/yaml"}


def test_a_file_over_the_limit_is_refused_before_it_is_read(world, api_as):
    from groupapp.assessments.instrument_file import MAX_FILE_BYTES

    padding = "#" + "x" * MAX_FILE_BYTES + "\n"
    response = api_as(world.admin).post(
        "/instruments", data=padding + yaml.safe_dump(MINIMAL), content_type="application/yaml"
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "256 KB" in response.get_json()["detail"]
