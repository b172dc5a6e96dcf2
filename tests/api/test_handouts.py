"""Handouts over the API: members read them after the meeting; staff replace them."""

from __future__ import annotations

from tests.cohorts.builders import enrol, make_cohort, shift_to_past


def test_api_reads_and_replaces_handouts(client, factories, api_as) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (member,) = enrol(world, factories, 1)
    meeting = world.meetings()[0]
    as_member = api_as(member)
    assert as_member.get(f"/meetings/{meeting.id}/handout").status_code == 404
    shift_to_past(world, 1)
    body = as_member.get(f"/meetings/{meeting.id}/handout").get_json()
    assert body["topic"] == meeting.topic
    assert body["practice"]

    topic_id = world.cohort.program.topics[0].id
    as_staff = api_as(world.facilitator)
    changed = as_staff.put(
        f"/program-topics/{topic_id}/handout",
        json={"about": "  About this week. ", "practice": "Try one thing."},
    )
    assert changed.status_code == 200
    assert changed.get_json()["about"] == "About this week."
    assert as_member.get(f"/meetings/{meeting.id}/handout").get_json()["practice"] == (
        "Try one thing."
    )
    refused = as_staff.put(
        f"/program-topics/{topic_id}/handout", json={"about": "x" * 2001, "practice": ""}
    )
    assert refused.status_code == 422
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert "about" in str(refused.get_json()["errors"])
    assert as_member.put(
        f"/program-topics/{topic_id}/handout", json={"about": "", "practice": ""}
    ).status_code in (403, 404)
