"""Homework through the API: templates for staff, assignments and one's own homework."""

from __future__ import annotations

import pytest

from groupapp.db import db
from groupapp.homework.models import Assignment, HomeworkTemplate
from groupapp.homework.template_services import template_choices
from tests.homework.access_table import _assignment, _org_template
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def test_templates_listed_are_the_assign_pages_choices(world, api_as):
    template = db.session.get(HomeworkTemplate, _org_template(world)["template_id"])
    path = "/homework-templates?per_page=100"
    listed = api_as(world.other_cohort_facilitator).get(path).get_json()
    choices = template_choices(world.org.id)
    assert [item["key"] for item in listed["items"]] == [c.key for c in choices]
    own = listed["items"][0]
    assert own["key"] == f"own:{template.id}"
    assert (own["id"], own["version"], own["builtin"]) == (template.id, template.version, False)
    assert own["fields"] == template.fields
    builtin = listed["items"][-1]
    assert builtin["key"] == f"builtin:{builtin['source_slug']}"
    assert (builtin["id"], builtin["version"], builtin["builtin"]) == (None, None, True)
    assert builtin["fields"] == [f.to_dict() for f in choices[-1].fields]
    other = api_as(world.other_org_admin).get(path).get_json()
    assert all(item["builtin"] for item in other["items"])
    assert other["total"] == len(choices) - 1
    assert api_as(world.owner).get("/homework-templates").status_code == 403


def test_an_assignment_is_seen_by_its_people_and_staff_only(world, api_as):
    assignment_id = _assignment(world)["assignment_id"]
    assignment = db.session.get(Assignment, assignment_id)
    body = api_as(world.owner).get(f"/assignments/{assignment_id}").get_json()
    assert body["title"] == assignment.title
    assert body["cohort_id"] == world.cohort.id
    assert api_as(world.facilitator).get(f"/assignments/{assignment_id}").status_code == 200
    for outsider in ("other_cohort_participant", "other_cohort_facilitator", "other_org_admin"):
        response = api_as(world.users[outsider]).get(f"/assignments/{assignment_id}")
        assert response.status_code == 404, outsider


def test_my_submissions_lists_only_the_callers_homework(world, api_as):
    assignment_id = _assignment(world)["assignment_id"]
    mine = api_as(world.owner).get("/me/submissions").get_json()
    assert [item["assignment_id"] for item in mine["items"]] == [assignment_id]
    assert mine["items"][0]["status"] == "to_do"
    assert api_as(world.other_cohort_participant).get("/me/submissions").get_json()["total"] == 0


def test_homework_lists_run_the_same_statements_at_two_sizes(world, api_as, count_queries):
    owner, facilitator = api_as(world.owner), api_as(world.facilitator)

    def counts() -> tuple[int, ...]:
        found = []
        for api, path in ((owner, "/me/submissions"), (facilitator, "/homework-templates")):
            api.get(path)
            with count_queries() as statements:
                assert api.get(f"{path}?per_page=100").status_code == 200
            found.append(len(statements))
        return tuple(found)

    _assignment(world)
    _org_template(world)
    small = counts()
    for _ in range(4):
        _assignment(world)
        _org_template(world)
    assert counts() == small
    assert owner.get("/me/submissions").get_json()["total"] == 5


def test_a_submission_is_read_by_its_author_and_staff_and_audited(world, api_as):
    from tests.homework.access_table import _handed_in
    from tests.trust.audit import assert_audited

    submission_id = _handed_in(world)["submission_id"]
    body = api_as(world.facilitator).get(f"/submissions/{submission_id}").get_json()
    assert body["user_id"] == world.owner.id
    assert body["status"] != "to_do"
    assert body["answers"]
    assert_audited("homework.submission.view", actor=world.facilitator, subject=world.owner)
    assert api_as(world.owner).get(f"/submissions/{submission_id}").status_code == 200
    for outsider in ("same_cohort_participant", "other_cohort_facilitator", "other_org_admin"):
        response = api_as(world.users[outsider]).get(f"/submissions/{submission_id}")
        assert response.status_code == 404, outsider
