"""An own homework template's translations through the API: read, replaced, given on."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from groupapp.db import db
from groupapp.homework.models import Assignment, HomeworkTemplate
from groupapp.homework.translations import builtin_in_language, words_of
from tests.homework.access_table import _org_template
from tests.trust.audit import assert_audited
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def own_spanish() -> dict[str, Any]:
    """Spanish for the access table's own template (the saying-no log's questions)."""
    spanish = builtin_in_language("saying-no-log", "es")
    assert spanish is not None
    words = words_of(spanish)
    return {"title": "Nuestro registro de decir que no", "fields": words["fields"]}


def test_templates_are_listed_with_their_translations(world, api_as):
    _org_template(world)
    listed = api_as(world.facilitator).get("/homework-templates?per_page=100").get_json()
    own, *builtins = listed["items"]
    assert own["translations"] == {}
    saying_no = next(item for item in builtins if item["source_slug"] == "saying-no-log")
    spanish = builtin_in_language("saying-no-log", "es")
    assert saying_no["translations"]["es"]["title"] == spanish.title
    first = spanish.fields[0]
    assert saying_no["translations"]["es"]["fields"][first.key]["label"] == first.label


def test_a_translation_missing_words_is_refused_naming_each_path(world, api_as):
    template_id = _org_template(world)["template_id"]
    body = own_spanish()
    first_key = next(iter(body["fields"]))
    del body["fields"][first_key]["label"]
    body["fields"]["nowhere"] = {"label": "?"}
    body["summary"] = "Sin resumen en inglés"
    response = api_as(world.facilitator).put(
        f"/homework-templates/{template_id}/translations", json={"es": body}
    )
    assert response.status_code == 422
    errors = {(e["field"], e["detail"]) for e in response.get_json()["errors"]}
    assert errors == {
        (f"es.fields.{first_key}.label", "required"),
        ("es.fields.nowhere", "unknown key"),
        ("es.summary", "the English template has none"),
    }
    unknown = api_as(world.facilitator).put(
        f"/homework-templates/{template_id}/translations", json={"fr": own_spanish()}
    )
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.get_json()["errors"]] == ["fr"]
    db.session.expire_all()
    template = db.session.get(HomeworkTemplate, template_id)
    assert (template.translations, template.version) == (None, 1)


def test_a_translation_is_stored_as_a_new_version_and_given_with_homework(world, api_as):
    template_id = _org_template(world)["template_id"]
    api = api_as(world.facilitator)
    spanish = own_spanish()
    response = api.put(
        f"/homework-templates/{template_id}/translations", json={"es": copy.deepcopy(spanish)}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["key"], body["version"]) == (f"own:{template_id}", 2)
    assert body["translations"] == {"es": spanish}
    assert_audited("homework.template.update")
    given = api.post(
        f"/cohorts/{world.cohort.id}/assignments",
        json={"template_id": template_id, "due_at": "2031-03-14T17:30Z"},
    )
    assert given.status_code == 201, given.get_json()
    assignment_id = given.get_json()["id"]
    seen = api_as(world.owner).get(f"/assignments/{assignment_id}").get_json()
    assert seen["translations"]["es"]["fields"] == spanish["fields"]
    # Removing the template's translation leaves homework already given as it was.
    removed = api.put(f"/homework-templates/{template_id}/translations", json={})
    assert removed.get_json()["translations"] == {}
    db.session.expire_all()
    assert db.session.get(HomeworkTemplate, template_id).translations is None
    assert db.session.get(Assignment, assignment_id).translations["es"]["title"] == spanish["title"]
