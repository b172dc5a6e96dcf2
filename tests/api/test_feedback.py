"""The meeting feedback endpoints: members answer their own; staff read anonymous sums."""

from __future__ import annotations

import pytest

from tests.cohorts.builders import enrol
from tests.feedback.builders import answer, ended_meeting
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def test_a_member_answers_and_staff_see_only_counts_below_five(world, api_as) -> None:
    meeting = ended_meeting(world)
    member = api_as(world.owner)
    owed = member.get("/me/feedback-requests").get_json()
    assert [r["meeting_id"] for r in owed["items"]] == [meeting.id]
    bad = member.put(f"/meetings/{meeting.id}/feedback", json={"heard": 9, "useful": 3})
    assert bad.status_code == 422
    assert bad.headers["Content-Type"] == "application/problem+json"
    sent = member.put(
        f"/meetings/{meeting.id}/feedback",
        json={"heard": 4, "useful": 3, "safe": 5, "change": "Fewer rounds"},
    )
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["change"] == "Fewer rounds"
    assert member.get("/me/feedback-requests").get_json()["total"] == 0
    staff = api_as(world.facilitator)
    summary = staff.get(f"/meetings/{meeting.id}/feedback-summary").get_json()
    assert summary == {
        "meeting_id": meeting.id, "answers": 1, "shown": False, "heard": None,
        "useful": None, "safe": None, "overall": None, "changes": [],
    }  # fmt: skip


def test_the_summary_shows_means_from_five_answers(app, factories, api_as) -> None:
    from tests.cohorts.builders import make_cohort

    world = make_cohort(factories)
    people = enrol(world, factories, 5)
    meeting = ended_meeting(world)
    for person in people:
        answer(meeting, person, (5, 4, 3), "Quieter room")
    summary = api_as(world.facilitator).get(f"/meetings/{meeting.id}/feedback-summary").get_json()
    assert summary["shown"] is True
    assert (summary["heard"], summary["overall"]) == (5.0, 4.0)
    assert summary["changes"] == ["Quieter room"] * 5
