"""Meetings and attendance through the API: the same rules, messages and audit rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from groupapp.cohorts import meeting_services as meetings
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from groupapp.meetings.models import Attendance, Meeting
from tests.api.conftest import utc_at
from tests.trust.audit import assert_audited
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _meeting(world, days: int = 7) -> Meeting:  # type: ignore[no-untyped-def]
    when = utcnow() + timedelta(days=days)
    meeting = meetings.add_extra(world.cohort, utc_at(when, 18), 90, "Boundaries", None)
    db.session.commit()
    return meeting


def test_meeting_times_carry_offsets_and_the_cohort_zone(world, api_as):
    world.cohort.timezone = "Europe/Berlin"
    db.session.commit()
    meeting = _meeting(world)
    body = api_as(world.owner).get(f"/meetings/{meeting.id}").get_json()
    assert body["timezone"] == "Europe/Berlin"
    assert body["starts_at"].endswith("+00:00")
    assert body["topic"] == "Boundaries"
    assert body["status"] == "scheduled"
    assert api_as(world.other_cohort_participant).get(f"/meetings/{meeting.id}").status_code == 404


def test_from_and_to_select_meetings(world, api_as):
    near, far = _meeting(world, 3), _meeting(world, 30)
    api = api_as(world.facilitator)
    cut = (utcnow() + timedelta(days=10)).isoformat()
    early = api.get(f"/cohorts/{world.cohort.id}/meetings", query_string={"to": cut}).get_json()
    late = api.get(f"/cohorts/{world.cohort.id}/meetings", query_string={"from": cut}).get_json()
    assert [m["id"] for m in early["items"]] == [near.id]
    assert [m["id"] for m in late["items"]] == [far.id]
    naive = api.get(
        f"/cohorts/{world.cohort.id}/meetings", query_string={"from": "2026-01-01T10:00"}
    )
    assert naive.status_code == 422
    assert naive.get_json()["errors"][0]["field"] == "from"


def test_adding_rescheduling_and_cancelling_tell_the_members(world, api_as):
    api = api_as(world.facilitator)
    day = (utcnow() + timedelta(days=14)).date()
    added = api.post(
        f"/cohorts/{world.cohort.id}/meetings",
        json={"local_start": f"{day}T19:00", "topic": "Extra session"},
    )
    assert added.status_code == 201
    meeting_id = added.get_json()["id"]
    moved = api.patch(f"/meetings/{meeting_id}", json={"local_start": f"{day}T20:00"})
    assert moved.status_code == 200
    assert moved.get_json()["local_start"] == f"{day}T20:00"
    no_reason = api.patch(f"/meetings/{meeting_id}", json={"status": "cancelled"})
    assert no_reason.status_code == 422
    assert no_reason.get_json()["errors"][0]["field"] == "reason"
    cancelled = api.patch(f"/meetings/{meeting_id}", json={"status": "cancelled", "reason": "Snow"})
    assert cancelled.get_json()["status"] == "cancelled"
    kinds = set(db.session.scalars(sa.select(OutboxMessage.kind)))
    assert {"meeting_changed", "meeting_cancelled"} <= kinds
    assert (
        api_as(world.owner).patch(f"/meetings/{meeting_id}", json={"topic": "x"}).status_code == 403
    )


def test_a_time_the_clocks_skip_is_refused(world, api_as):
    world.cohort.timezone = "America/New_York"
    db.session.commit()
    response = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/meetings",
        json={"local_start": "2027-03-14T02:30", "topic": "Spring forward"},
    )
    assert response.status_code == 422
    assert "does not exist" in response.get_json()["errors"][0]["detail"]


def test_attendance_is_recorded_and_audited(world, api_as):
    meeting = _meeting(world, -1)
    api = api_as(world.facilitator)
    response = api.put(
        f"/meetings/{meeting.id}/attendance",
        json=[
            {"user_id": world.owner.id, "status": "present"},
            {"user_id": world.same_cohort_participant.id, "status": "absent", "comment": "ill"},
        ],
    )
    assert response.status_code == 200
    assert response.get_json() == {"changed": 2}
    marks = dict(db.session.execute(sa.select(Attendance.user_id, Attendance.status)).all())
    assert marks == {world.owner.id: "present", world.same_cohort_participant.id: "absent"}
    assert_audited("attendance.update", actor=world.facilitator, subject=world.owner)
    outsider = api.put(
        f"/meetings/{meeting.id}/attendance",
        json=[{"user_id": world.other_cohort_participant.id, "status": "present"}],
    )
    assert outsider.status_code == 422
    assert "active members" in outsider.get_json()["detail"]
    assert outsider.get_json()["errors"][0]["field"] == "0.user_id"
    bad = api.put(f"/meetings/{meeting.id}/attendance", json=[{"user_id": 1, "status": "asleep"}])
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["field"] == "0.status"
    member = api_as(world.owner).put(f"/meetings/{meeting.id}/attendance", json=[])
    assert member.status_code == 403


def test_each_stranger_and_repeated_mark_is_named_and_nothing_is_kept(world, api_as):
    meeting = _meeting(world, -1)
    response = api_as(world.facilitator).put(
        f"/meetings/{meeting.id}/attendance",
        json=[
            {"user_id": world.owner.id, "status": "present"},
            {"user_id": world.other_cohort_participant.id, "status": "present"},
            {"user_id": world.owner.id, "status": "absent"},
            {"user_id": 99_999_999, "status": "late"},
        ],
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    problems = {e["field"]: e["detail"] for e in response.get_json()["errors"]}
    assert set(problems) == {"1.user_id", "2.user_id", "3.user_id"}
    assert "at 0" in problems["2.user_id"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 0


def test_invited_people_see_nothing_of_the_cohort_until_they_join(world, api_as, factories):
    from groupapp.cohorts.models import Membership

    invited = factories.user(org=world.org)
    db.session.add(Membership(cohort_id=world.cohort.id, user_id=invited.id, status="invited"))
    db.session.commit()
    meeting = _meeting(world)
    api = api_as(invited)
    # The cohort's details carry its video link, shown to members only.
    assert api.get(f"/cohorts/{world.cohort.id}").status_code == 404
    assert api.get(f"/cohorts/{world.cohort.id}/meetings").status_code == 404
    assert api.get(f"/meetings/{meeting.id}").status_code == 404


def test_a_nul_in_an_attendance_comment_is_named_by_its_path(world, api_as):
    meeting = _meeting(world, -1)
    response = api_as(world.facilitator).put(
        f"/meetings/{meeting.id}/attendance",
        json=[{"user_id": world.owner.id, "status": "present", "comment": "a\x00b"}],
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.get_json()["errors"]] == ["0.comment"]
