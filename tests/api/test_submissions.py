"""Homework writes through the API: assigning, answering, reviewing; who may do each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from groupapp.cohorts import meeting_services as meetings
from groupapp.db import db, utcnow
from groupapp.homework.models import Assignment, Submission
from tests.api.conftest import utc_at
from tests.homework.access_table import _handed_in, _org_template, _submission
from tests.homework.support import THOUGHT_RECORD
from tests.trust.audit import assert_audited
from tests.trust.world import build_world

OUTSIDERS = ("other_cohort_facilitator", "other_org_admin", "other_cohort_participant")


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _errors(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.headers["Content-Type"] == "application/problem+json"
    return {e["field"]: e["detail"] for e in response.get_json()["errors"]}


# --- assigning -------------------------------------------------------------------------


def test_a_facilitator_assigns_a_template_due_at_an_instant(world, api_as):
    template_id = _org_template(world)["template_id"]
    due = datetime(2031, 3, 14, 17, 30, tzinfo=UTC)
    response = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/assignments",
        json={"template_id": template_id, "due_at": due.isoformat(), "instructions": "Twice."},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["title"] == "Our saying-no log"
    assert body["instructions"] == "Twice."
    assert datetime.fromisoformat(body["due_at"]) == due
    assert body["audience"] == "cohort"
    assignment = db.session.get(Assignment, body["id"])
    assert {s.user_id for s in assignment.submissions} == {
        world.owner.id,
        world.same_cohort_participant.id,
    }
    assert_audited("homework.assign", actor=world.facilitator)


def test_a_built_in_template_is_assigned_by_its_key_as_on_the_assign_page(world, api_as):
    own_id = _org_template(world)["template_id"]
    api = api_as(world.facilitator)
    listed = api.get("/homework-templates?per_page=100").get_json()["items"]
    builtin = next(item for item in listed if item["builtin"])
    response = api.post(
        f"/cohorts/{world.cohort.id}/assignments",
        json={"template": builtin["key"], "due_at": "2031-03-14T17:30Z"},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["title"], body["template_id"]) == (builtin["title"], None)
    assert body["template"] == builtin["key"]  # the key it was assigned with, as listed
    assert body["fields"] == builtin["fields"]
    assignment = db.session.get(Assignment, body["id"])
    assert assignment.source_slug == builtin["source_slug"]
    by_key = api.post(
        f"/cohorts/{world.cohort.id}/assignments", json={"template": listed[0]["key"]}
    )
    assert by_key.get_json()["template_id"] == own_id
    assert by_key.get_json()["template"] == f"own:{own_id}"


def test_a_template_key_the_page_does_not_offer_is_refused(world, api_as):
    api = api_as(world.facilitator)
    path = f"/cohorts/{world.cohort.id}/assignments"
    other_org_key = f"own:{_org_template_of(world.other_org)}"
    for key in ("builtin:no-such-slug", other_org_key, "thought-record", "own:x"):
        response = api.post(path, json={"template": key})
        assert response.status_code == 422, key
        assert _errors(response) == {"template": "No template with this id is available to you."}
    both = api.post(path, json={"template": "builtin:thought-record", "template_id": 1})
    assert "template" in _errors(both)
    assert "template" in _errors(api.post(path, json={}))
    assert db.session.query(Assignment).count() == 0


def test_homework_can_be_due_before_a_meeting_and_for_chosen_members(world, api_as):
    template_id = _org_template(world)["template_id"]
    later = utc_at(utcnow() + timedelta(days=9), 18)
    meeting = meetings.add_extra(world.cohort, later, 60, "Next time", None)
    db.session.commit()
    response = api_as(world.admin).post(
        f"/cohorts/{world.cohort.id}/assignments",
        json={
            "template_id": template_id,
            "before_meeting_id": meeting.id,
            "participant_ids": [world.owner.id],
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["due_meeting_id"] == meeting.id
    assert datetime.fromisoformat(body["due_at"]) == later
    assert body["audience"] == "members"
    assignment = db.session.get(Assignment, body["id"])
    assert [s.user_id for s in assignment.submissions] == [world.owner.id]


def test_assigning_refuses_what_the_assign_page_refuses(world, api_as):
    template_id = _org_template(world)["template_id"]
    api = api_as(world.facilitator)
    path = f"/cohorts/{world.cohort.id}/assignments"
    other_meeting = meetings.add_extra(world.other_cohort, utc_at(utcnow(), 9), 60, "B", None)
    db.session.commit()
    refused = api.post(
        path, json={"template_id": template_id, "before_meeting_id": other_meeting.id}
    )
    assert refused.status_code == 422
    assert "before_meeting_id" in _errors(refused)
    stranger = api.post(
        path, json={"template_id": template_id, "participant_ids": [world.other_org_participant.id]}
    )
    assert stranger.status_code == 422
    assert "active member" in stranger.get_json()["detail"]
    assert "participant_ids" in _errors(stranger)
    one_stray = api.post(
        path,
        json={
            "template_id": template_id,
            "participant_ids": [world.owner.id, world.other_cohort_participant.id],
        },
    )
    assert one_stray.status_code == 422
    assert list(_errors(one_stray)) == ["participant_ids"]
    assert str(world.other_cohort_participant.id) in one_stray.get_json()["detail"]
    both = api.post(
        path,
        json={"template_id": template_id, "before_meeting_id": 1, "due_at": "2031-01-01T10:00Z"},
    )
    assert "due_at" in _errors(both)
    assert api.post(path, json={"template_id": template_id + 999}).status_code == 422
    assert db.session.query(Assignment).count() == 0


def test_only_the_cohorts_staff_assign_and_others_learn_nothing(world, api_as):
    template_id = _org_template(world)["template_id"]
    path = f"/cohorts/{world.cohort.id}/assignments"
    assert api_as(world.owner).post(path, json={"template_id": template_id}).status_code == 403
    for outsider in OUTSIDERS:
        response = api_as(world.users[outsider]).post(path, json={"template_id": template_id})
        assert response.status_code == 404, outsider
    other_org_template = _org_template_of(world.other_org)
    response = api_as(world.facilitator).post(path, json={"template_id": other_org_template})
    assert response.status_code == 422
    assert _errors(response) == {"template_id": "No template with this id is available to you."}
    assert db.session.query(Assignment).count() == 0


def _org_template_of(org) -> int:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    return _org_template(SimpleNamespace(org=org))["template_id"]


# --- answering -------------------------------------------------------------------------


def test_a_draft_keeps_what_was_sent_and_submitting_hands_it_in(world, api_as):
    submission_id = _submission(world)["submission_id"]
    api = api_as(world.owner)
    draft = api.put(f"/submissions/{submission_id}", json={"answers": {"situation": "Half"}})
    assert draft.status_code == 200, draft.get_json()
    assert draft.get_json()["status"] == "draft"
    assert draft.get_json()["draft"]["situation"] == "Half"
    # Reading it back shows the author their saved draft; staff never see it.
    mine = api.get(f"/submissions/{submission_id}").get_json()
    assert mine["status"] == "draft"
    assert mine["draft"]["situation"] == "Half"
    assert mine["draft_saved_at"] == draft.get_json()["draft_saved_at"]
    staff_view = api_as(world.facilitator).get(f"/submissions/{submission_id}").get_json()
    assert staff_view["draft"] is None
    assert staff_view["draft_saved_at"] is None
    answers = {**THOUGHT_RECORD, "intensity": 8, "intensity_after": 4}
    done = api.put(f"/submissions/{submission_id}", json={"answers": answers, "submit": True})
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert body["status"] == "submitted"
    assert body["answers"]["intensity"] == 8
    assert body["draft"] is None
    assert_audited("homework.submission.submit", actor=world.owner, subject=world.owner)


def test_submitting_lists_each_problem_and_keeps_the_answers_as_a_draft(world, api_as):
    submission_id = _submission(world)["submission_id"]
    answers = {**THOUGHT_RECORD, "intensity": 11, "situation": ""}
    response = api_as(world.owner).put(
        f"/submissions/{submission_id}", json={"answers": answers, "submit": True}
    )
    assert response.status_code == 422
    errors = _errors(response)
    assert set(errors) == {"answers.intensity", "answers.situation"}
    assert "from 0 to 10" in errors["answers.intensity"]
    submission = db.session.get(Submission, submission_id)
    db.session.refresh(submission)
    assert submission.status == "draft"
    assert submission.draft["evidence_for"] == THOUGHT_RECORD["evidence_for"]
    assert submission.draft["intensity"] == "11"


def test_problems_inside_a_repeating_group_name_the_entry(world, api_as):
    from groupapp.homework.library import load_builtin_templates
    from groupapp.homework.services import AssignmentSpec, Due, assign

    template = load_builtin_templates()["saying-no-log"]
    spec = AssignmentSpec(template.title, template.instructions, template.fields, Due())
    assignment = assign(world.cohort, spec, world.facilitator)
    db.session.commit()
    submission = next(s for s in assignment.submissions if s.user_id == world.owner.id)
    entry = {"when": "2026-02-30", "request": "Lend the car", "outcome": "said_no"}
    response = api_as(world.owner).put(
        f"/submissions/{submission.id}", json={"answers": {"times": [entry]}, "submit": True}
    )
    assert response.status_code == 422
    assert "YYYY-MM-DD" in _errors(response)["answers.times.0.when"]


def test_unknown_fields_are_named_and_nothing_is_saved(world, api_as):
    submission_id = _submission(world)["submission_id"]
    response = api_as(world.owner).put(
        f"/submissions/{submission_id}", json={"answers": {"situation": "x", "mood": "low"}}
    )
    assert response.status_code == 422
    assert set(_errors(response)) == {"answers.mood"}
    assert db.session.get(Submission, submission_id).status == "to_do"


def test_only_the_author_writes_a_submission(world, api_as):
    submission_id = _submission(world)["submission_id"]
    body = {"answers": {"situation": "not mine"}}
    assert (
        api_as(world.facilitator).put(f"/submissions/{submission_id}", json=body).status_code == 403
    )
    for outsider in ("same_cohort_participant", *OUTSIDERS):
        response = api_as(world.users[outsider]).put(f"/submissions/{submission_id}", json=body)
        assert response.status_code == 404, outsider
    assert db.session.get(Submission, submission_id).draft is None


# --- reviewing -------------------------------------------------------------------------


def test_a_facilitator_comments_marks_reviewed_and_the_author_can_no_longer_change_it(
    world, api_as
):
    submission_id = _handed_in(world)["submission_id"]
    api = api_as(world.facilitator)
    path = f"/submissions/{submission_id}/feedback"
    commented = api.post(path, json={"comment": "Good catch on the evidence."})
    assert commented.status_code == 201, commented.get_json()
    assert commented.get_json()["feedback"]["kind"] == "comment"
    closed = api.post(path, json={"action": "reviewed"})
    assert closed.get_json() == {
        "submission_id": submission_id,
        "status": "reviewed",
        "feedback": None,
    }
    assert_audited("homework.submission.reviewed", actor=world.facilitator, subject=world.owner)
    again = api_as(world.owner).put(f"/submissions/{submission_id}", json={"answers": {}})
    assert again.status_code == 422
    assert "reviewed" in again.get_json()["detail"]


def test_a_revision_request_needs_a_note_and_reopens_the_work(world, api_as):
    submission_id = _handed_in(world)["submission_id"]
    api = api_as(world.admin)
    path = f"/submissions/{submission_id}/feedback"
    bare = api.post(path, json={"action": "revision"})
    assert bare.status_code == 422
    assert "revised" in bare.get_json()["detail"]
    sent_back = api.post(path, json={"action": "revision", "comment": "Add one more example."})
    assert sent_back.status_code == 201
    assert sent_back.get_json()["status"] == "revision_requested"
    assert sent_back.get_json()["feedback"]["body"] == "Add one more example."
    assert_audited("homework.feedback.revision_request", actor=world.admin, subject=world.owner)


def test_only_the_cohorts_staff_review(world, api_as):
    submission_id = _handed_in(world)["submission_id"]
    path = f"/submissions/{submission_id}/feedback"
    assert api_as(world.owner).post(path, json={"comment": "Me"}).status_code == 403
    for outsider in ("same_cohort_participant", *OUTSIDERS):
        response = api_as(world.users[outsider]).post(path, json={"comment": "Hi"})
        assert response.status_code == 404, outsider
    assert db.session.get(Submission, submission_id).feedback == []


def test_writes_run_the_same_statements_whatever_else_exists(world, api_as, count_queries):
    api = api_as(world.owner)

    def put_count() -> int:
        submission_id = _submission(world)["submission_id"]
        api.get("/me")
        with count_queries() as statements:
            response = api.put(f"/submissions/{submission_id}", json={"answers": THOUGHT_RECORD})
        assert response.status_code == 200
        return len(statements)

    small = put_count()
    for _ in range(4):
        _handed_in(world)
    assert put_count() == small
