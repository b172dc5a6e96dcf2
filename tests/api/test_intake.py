"""The intake endpoints: a member reads and writes their own; facilitators read, audited."""

from __future__ import annotations

import pytest

from tests.intake.access_table import _ANSWERS
from tests.trust.audit import assert_audited, audit_rows
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _errors(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.headers["Content-Type"] == "application/problem+json"
    return {item["field"]: item["detail"] for item in response.get_json()["errors"]}


def test_a_member_drafts_then_sends_their_intake(world, api_as) -> None:
    api = api_as(world.owner)
    path = f"/cohorts/{world.cohort.id}/intake"
    empty = api.get(path).get_json()
    assert empty["form_version"] == 1
    assert empty["answers"] == {}
    assert empty["submitted_at"] is None
    assert any(q["key"] == "family_addiction" for q in empty["questions"])

    draft = api.put(path, json={"answers": {"what_brings_you": "A start"}})
    assert draft.status_code == 200, draft.get_json()
    assert draft.get_json()["draft"]["what_brings_you"] == "A start"

    refused = api.put(path, json={"answers": {"family_illness": "maybe"}, "submit": True})
    assert refused.status_code == 422
    errors = _errors(refused)
    assert "answers.family_illness" in errors
    assert errors["answers.hoped_change"].endswith("please fill this in")

    unknown = api.put(path, json={"answers": {"shoe_size": "9"}})
    assert unknown.status_code == 422
    assert "answers.shoe_size" in _errors(unknown)

    sent = api.put(path, json={"answers": _ANSWERS, "submit": True})
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["submitted_at"] is not None
    assert sent.get_json()["draft"] is None


def test_only_the_cohorts_facilitator_reads_a_member_intake_and_it_is_audited(
    world, api_as
) -> None:
    path = f"/cohorts/{world.cohort.id}/intake"
    api_as(world.owner).put(path, json={"answers": _ANSWERS, "submit": True})
    staff_path = f"/cohorts/{world.cohort.id}/intakes/{world.owner.id}"
    for outsider in (world.admin, world.other_cohort_facilitator, world.same_cohort_participant):
        assert api_as(outsider).get(staff_path).status_code == 404
    assert audit_rows("intake.read") == []

    read = api_as(world.facilitator).get(staff_path)
    assert read.status_code == 200
    assert read.get_json()["answers"]["emergency_name"] == "A friend"
    assert read.get_json()["draft"] is None
    assert_audited("intake.read", actor=world.facilitator, subject=world.owner)


def test_people_outside_the_cohort_have_no_intake_there(world, api_as) -> None:
    path = f"/cohorts/{world.cohort.id}/intake"
    for outsider in (world.other_cohort_participant, world.facilitator, world.invited_participant):
        assert api_as(outsider).get(path).status_code == 404
        assert api_as(outsider).put(path, json={"answers": {}}).status_code == 404
