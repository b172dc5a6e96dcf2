"""Ids inside a request body: one the caller may not use is a 422 naming the field, the
same whether it does not exist or is someone else's; it comes together with the body's
problems of form; an object in the path keeps its own 404 and 403. Every problem lists
at least one entry in ``errors``."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.assessments.instrument_file import MAX_FILE_BYTES
from groupapp.cohorts import meeting_services as meetings
from groupapp.core.ids import MAX_ID
from groupapp.db import db, utcnow
from groupapp.homework.models import Assignment, HomeworkTemplate
from groupapp.programs import services as programs
from tests.api.conftest import utc_at
from tests.api.test_cohorts import _new_cohort
from tests.assessments.instrument_data import MINIMAL
from tests.homework.access_table import _org_template
from tests.trust.world import build_world

TEMPLATE = "No template with this id is available to you."


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _unavailable(response: Any) -> dict[str, Any]:
    """The 422 for unknown body ids, as JSON (checked to be a problem)."""
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/problem+json"
    return response.get_json()  # type: ignore[no-any-return]


def _other_org_program(world: Any) -> int:
    template = programs.builtin_template("codependency-recovery")
    program = programs.copy_builtin(template, world.other_org_facilitator)  # type: ignore[arg-type]
    db.session.commit()
    return program.id


def _other_org_template(world: Any) -> int:
    row = HomeworkTemplate(organisation_id=world.other_org.id, title="Theirs", fields=[])
    db.session.add(row)
    db.session.commit()
    return row.id


def _other_org_instrument(world: Any) -> int:
    from types import SimpleNamespace

    from tests.assessments.access_table import _phq9

    instrument = _phq9(SimpleNamespace(org=world.other_org))
    db.session.commit()
    return instrument.id


def _cases(world: Any) -> list[tuple[str, str, dict[str, Any], str, int, str]]:
    """(path, field, the rest of the body, the field's noun, someone else's id, caller)."""
    program = _other_org_program(world)
    template = _other_org_template(world)
    instrument = _other_org_instrument(world)
    cohort = world.cohort.id
    return [
        ("/cohorts", "program_id", _new_cohort(0), "program", program, "facilitator"),
        (f"/cohorts/{cohort}/assignments", "template_id", {}, "template", template, "facilitator"),
        (
            f"/cohorts/{cohort}/assessment-schedules",
            "instrument_id",
            {},
            "questionnaire",
            instrument,
            "facilitator",
        ),
        (
            "/message-threads",
            "cohort_id",
            {"subject": "Hello", "body": "A word."},
            "cohort",
            world.other_cohort.id,
            "owner",
        ),
    ]


def test_an_unknown_body_id_and_someone_elses_get_the_same_422(world, api_as):
    for path, field, body, noun, theirs, caller in _cases(world):
        api = api_as(getattr(world, caller))
        unknown = _unavailable(api.post(path, json=body | {field: MAX_ID}))
        hidden = _unavailable(api.post(path, json=body | {field: theirs}))
        assert unknown == hidden, field
        assert unknown["errors"] == [
            {
                "location": "json",
                "field": field,
                "detail": f"No {noun} with this id is available to you.",
            }
        ]
    assert db.session.query(Assignment).count() == 0


def test_an_unknown_template_and_a_bad_due_date_come_in_one_answer(world, api_as):
    api = api_as(world.facilitator)
    response = api.post(
        f"/cohorts/{world.cohort.id}/assignments",
        json={"template": "builtin:no-such-slug", "due_at": "next Tuesday", "title": 7},
    )
    fields = {e["field"]: e["detail"] for e in _unavailable(response)["errors"]}
    assert set(fields) == {"template", "due_at", "title"}
    assert fields["template"] == TEMPLATE
    bad_program = api.post("/cohorts", json=_new_cohort(MAX_ID, timezone="Mars/Olympus"))
    fields = {e["field"]: e["detail"] for e in _unavailable(bad_program)["errors"]}
    assert fields["program_id"] == "No program with this id is available to you."
    assert "timezone" in fields


def test_the_object_in_the_path_is_checked_before_the_ids_in_the_body(world, api_as):
    path = f"/cohorts/{world.cohort.id}/assignments"
    unknown = {"template_id": MAX_ID}
    assert api_as(world.owner).post(path, json=unknown).status_code == 403
    outsider = api_as(world.other_org_admin).post(path, json=unknown)
    assert outsider.status_code == 404
    assert outsider.get_json()["errors"][0] == {
        "location": "path",
        "field": "cohort_id",
        "detail": outsider.get_json()["detail"],
    }
    # A meeting is checked against the cohort in the path: after it, with the same words.
    own = _org_template(world)["template_id"]
    other_meeting = meetings.add_extra(world.other_cohort, utc_at(utcnow(), 9), 60, "B", None).id
    db.session.commit()
    refused = api_as(world.facilitator).post(
        path, json={"template_id": own, "before_meeting_id": other_meeting}
    )
    assert _unavailable(refused)["errors"][0]["detail"].startswith(
        "No meeting of this cohort with this id is available to you."
    )


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    number=st.integers(min_value=1, max_value=MAX_ID),
    slug=st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
)
def test_any_id_or_key_not_offered_gets_the_one_answer(world, api_as, number, slug):
    offered = {t.id for t in db.session.query(HomeworkTemplate.id).filter_by(
        organisation_id=world.org.id
    )}  # fmt: skip
    api = api_as(world.facilitator)
    path = f"/cohorts/{world.cohort.id}/assignments"
    if number not in offered:
        by_id = _unavailable(api.post(path, json={"template_id": number}))
        assert by_id["errors"] == [{"location": "json", "field": "template_id", "detail": TEMPLATE}]
    by_key = api.post(path, json={"template": f"own:x{slug}"})
    assert by_key.status_code == 422
    assert {e["field"] for e in by_key.get_json()["errors"]} == {"template"}


# --- problems always name what they are about -----------------------------------------


def test_a_body_over_the_limit_names_the_limit_in_bytes(world, api_as):
    padding = "#" + "x" * MAX_FILE_BYTES + "\n"
    response = api_as(world.admin).post(
        "/instruments", data=padding + yaml.safe_dump(MINIMAL), content_type="application/yaml"
    )
    assert response.status_code == 413
    assert response.get_json()["errors"] == [
        {
            "location": "body",
            "field": "",
            "detail": f"The request body may be at most {MAX_FILE_BYTES} bytes.",
            "max_bytes": MAX_FILE_BYTES,
        }
    ]


def test_problems_without_a_field_name_what_they_are_about(world, api_as, client):
    anonymous = client.get("/api/v1/me")
    assert anonymous.status_code == 401
    assert [(e["location"], e["field"]) for e in anonymous.get_json()["errors"]] == [
        ("headers", "Authorization")
    ]
    api = api_as(world.owner)
    staff_only = api.get("/homework-templates")
    assert staff_only.status_code == 403
    assert staff_only.get_json()["errors"][0]["field"] == "Authorization"
    wrong_method = api.delete("/me")
    assert wrong_method.status_code == 405
    assert wrong_method.get_json()["errors"][0] == {
        "location": "method",
        "field": "DELETE",
        "detail": wrong_method.get_json()["detail"],
    }
    nowhere = api.get("/no-such-thing")
    assert nowhere.status_code == 404
    assert [(e["location"], e["field"]) for e in nowhere.get_json()["errors"]] == [("path", "")]


def test_a_copy_without_a_name_names_the_field(world, api_as):
    response = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/copies/preview",
        json={"name": "   ", "start_date": "2031-01-06"},
    )
    body = _unavailable(response)
    assert [e["field"] for e in body["errors"]] == ["name"]


def test_the_document_says_which_body_ids_answer_422(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    template_id = spec["components"]["schemas"]["NewAssignment"]["properties"]["template_id"]
    assert template_id["description"].endswith(
        "a 422 names this field when it names no template available to you"
    )
    entry = spec["components"]["schemas"]["ProblemError"]
    assert entry["properties"]["max_bytes"]["type"] == "integer"
    assert spec["components"]["schemas"]["Problem"]["properties"]["errors"]["minItems"] == 1
