"""The after-meeting and observation endpoints: staff only, audited, fixed statements."""

from __future__ import annotations

from tests.observations.builders import CODEPENDENT, INTERDEPENDENT, met_cohort
from tests.trust.audit import assert_audited


def _ratings(codependent: int, interdependent: int) -> dict[str, int]:
    return dict.fromkeys(CODEPENDENT, codependent) | dict.fromkeys(INTERDEPENDENT, interdependent)


def _errors(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.headers["Content-Type"] == "application/problem+json"
    return {item["field"]: item["detail"] for item in response.get_json()["errors"]}


def test_a_facilitator_records_and_reads_the_meeting(app, factories, api_as) -> None:
    world, meeting = met_cohort(factories, members=2)
    ana, ben = world.members
    api = api_as(world.facilitator)
    path = f"/meetings/{meeting.id}/after-meeting"
    empty = api.get(path).get_json()
    assert empty["instrument"] == "meeting-observation@1"
    assert {m["user_id"] for m in empty["members"]} == {ana.id, ben.id}

    body = {
        "group_note": {"covered": "Saying no", "follow_up": "Check on Ben"},
        "members": [
            {"user_id": ana.id, "attendance": "present", "note": "Calm", "ratings": _ratings(1, 2)},
            {"user_id": ben.id, "attendance": "absent"},
        ],
    }
    saved = api.put(path, json=body)
    assert saved.status_code == 200, saved.get_json()
    members = {m["user_id"]: m for m in saved.get_json()["members"]}
    assert members[ana.id]["codependent"] == 1.0
    assert members[ana.id]["interdependent"] == 2.0
    assert members[ben.id]["attendance"] == "absent"
    assert saved.get_json()["group_note"]["covered"] == "Saying no"

    # A partial update leaves the group note and other members alone.
    again = api.put(path, json={"members": [{"user_id": ana.id, "note": "Calmer", "ratings": {}}]})
    assert again.get_json()["group_note"]["follow_up"] == "Check on Ben"

    read = api.get(path)
    assert read.status_code == 200
    assert_audited("observation.read", actor=world.facilitator, subject=ana)

    series = api.get(f"/participants/{ana.id}/observations")
    assert series.status_code == 200
    assert series.get_json()["total"] == 1
    assert series.get_json()["items"][0]["codependent"] is None  # ratings cleared above
    assert_audited("observation.list.read", actor=world.facilitator, subject=ana)


def test_problems_are_listed_by_path_and_nothing_is_saved(app, factories, api_as) -> None:
    world, meeting = met_cohort(factories, members=1)
    person = world.members[0]
    api = api_as(world.facilitator)
    path = f"/meetings/{meeting.id}/after-meeting"
    bad = api.put(
        path,
        json={
            "group_note": {"covered": "Kept?"},
            "members": [
                {
                    "user_id": person.id,
                    "attendance": "excused",
                    "ratings": {"control": 2, "nope": 1},
                },
                {"user_id": 999999, "note": "stranger"},
            ],
        },
    )
    assert bad.status_code == 422
    errors = _errors(bad)
    assert "members.1.user_id" in errors
    assert errors["members.0.ratings.nope"].endswith("no such item")
    assert "is marked excused" in errors["members.0.ratings.control"]
    assert api.get(path).get_json()["group_note"]["covered"] == ""
    twice = [{"user_id": person.id, "attendance": a} for a in ("present", "absent")]
    repeated = api.put(path, json={"members": twice})
    assert repeated.status_code == 422  # not the last of the two kept without a word
    assert "members.0" in _errors(repeated)["members.1.user_id"]
    assert api.get(path).get_json()["members"][0]["attendance"] != "absent"


def test_participants_never_read_observations(app, factories, api_as) -> None:
    world, meeting = met_cohort(factories, members=1)
    person = world.members[0]
    own = api_as(person)
    assert own.get(f"/participants/{person.id}/observations").status_code == 404
    assert own.get(f"/meetings/{meeting.id}/after-meeting").status_code in (403, 404)


def test_the_calls_run_the_same_statements_at_two_sizes(
    app, factories, api_as, count_queries
) -> None:
    counts = []
    org = factories.org()
    for size in (2, 6):
        world, meeting = met_cohort(factories, members=size, org=org)
        api = api_as(world.facilitator)
        path = f"/meetings/{meeting.id}/after-meeting"
        body = {
            "group_note": {"covered": "Topic"},
            "members": [
                {"user_id": p.id, "attendance": "present", "note": "n", "ratings": _ratings(1, 1)}
                for p in world.members
            ],
        }
        api.get(path)
        with count_queries() as put:
            assert api.put(path, json=body).status_code == 200
        with count_queries() as get:
            assert api.get(path).status_code == 200
        person = world.members[0].id
        with count_queries() as series:
            assert api.get(f"/participants/{person}/observations").status_code == 200
        counts.append((len(put), len(get), len(series)))
    assert counts[0] == counts[1]


def test_a_member_marked_absent_earlier_is_not_rated(app, factories, api_as) -> None:
    world, meeting = met_cohort(factories, members=1)
    person = world.members[0]
    api = api_as(world.facilitator)
    path = f"/meetings/{meeting.id}/after-meeting"
    marked = api.put(path, json={"members": [{"user_id": person.id, "attendance": "absent"}]})
    assert marked.status_code == 200, marked.get_json()
    rated = api.put(path, json={"members": [{"user_id": person.id, "ratings": {"control": 1}}]})
    assert rated.status_code == 422
    assert "is marked absent" in _errors(rated)["members.0.ratings.control"]


def test_a_cancelled_meeting_takes_no_record(app, factories, api_as) -> None:
    from groupapp.db import db

    world, meeting = met_cohort(factories, members=1)
    meeting.status = "cancelled"
    db.session.commit()
    api = api_as(world.facilitator)
    refused = api.put(
        f"/meetings/{meeting.id}/after-meeting", json={"group_note": {"covered": "x"}}
    )
    assert refused.status_code == 409
    assert "cancelled" in refused.get_json()["detail"]
