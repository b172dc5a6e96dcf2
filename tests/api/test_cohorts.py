"""Programs and cohorts through the API, for every kind of caller."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from groupapp.cohorts.models import Cohort
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from groupapp.programs import services as programs
from tests.trust.audit import assert_audited
from tests.trust.world import ERASED, MEMBER_STATES, build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _program(world):  # type: ignore[no-untyped-def]
    template = programs.builtin_template("codependency-recovery")
    program = programs.copy_builtin(template, world.facilitator)  # type: ignore[arg-type]
    db.session.commit()
    return program


def _new_cohort(program_id: int, **extra):  # type: ignore[no-untyped-def]
    return {
        "program_id": program_id,
        "name": "Tuesday evenings",
        "start_date": (utcnow() + timedelta(days=3)).date().isoformat(),
        "weekdays": [1],
        "local_time": "18:30",
        "duration_minutes": 90,
        "timezone": "America/New_York",
        "capacity": 8,
        "location": "Room 4",
        "video_url": "https://video.example.org/room",
        **extra,
    }


def test_cohort_lists_show_what_each_person_may_see(world, api_as):
    def names(user):  # type: ignore[no-untyped-def]
        body = api_as(user).get("/cohorts").get_json()
        return {item["name"] for item in body["items"]}, body["total"]

    assert names(world.facilitator) == ({"Cohort A"}, 1)
    assert names(world.admin) == ({"Cohort A", "Cohort B"}, 2)
    assert names(world.owner) == ({"Cohort A"}, 1)
    assert names(world.other_org_admin) == ({"Cohort C"}, 1)


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("owner", 200),
        ("facilitator", 200),
        ("admin", 200),
        ("other_cohort_participant", 404),
        ("other_cohort_facilitator", 404),
        ("other_org_admin", 404),
    ],
)
def test_reading_a_cohort_follows_the_page_rules(world, api_as, actor, status):
    response = api_as(world.users[actor]).get(f"/cohorts/{world.cohort.id}")
    assert response.status_code == status
    if status == 200:
        body = response.get_json()
        assert body["name"] == "Cohort A"
        assert body["weekdays"] == [0]
        assert body["local_time"] == "18:00"
    else:
        assert response.mimetype == "application/problem+json"


def test_a_facilitator_creates_a_cohort_with_its_meetings(world, api_as):
    program = _program(world)
    response = api_as(world.facilitator).post("/cohorts", json=_new_cohort(program.id))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["local_time"] == "18:30"
    assert body["timezone"] == "America/New_York"
    assert body["weeks"] == program.weeks
    meetings = api_as(world.facilitator).get(f"/cohorts/{body['id']}/meetings?per_page=100")
    items = meetings.get_json()["items"]
    assert len(items) == program.weeks
    assert items[0]["topic"] == program.topics[0].title
    assert items[0]["local_start"].endswith("T18:30")
    assert items[0]["starts_at"].endswith(("-04:00", "-05:00", "+00:00"))


def test_creating_checks_the_program_and_every_field(world, api_as):
    program = _program(world)
    foreign = programs.copy_builtin(
        programs.builtin_template("codependency-recovery"),  # type: ignore[arg-type]
        world.other_org_facilitator,
    )
    db.session.commit()
    api = api_as(world.facilitator)
    other_org = api.post("/cohorts", json=_new_cohort(foreign.id))
    assert other_org.status_code == 422
    assert other_org.get_json()["errors"] == [
        {
            "location": "json",
            "field": "program_id",
            "detail": "No program with this id is available to you.",
        }
    ]
    bad = api.post(
        "/cohorts",
        json=_new_cohort(
            program.id,
            timezone="Mars/Olympus",
            weekdays=[9],
            video_url="http://video.example.org",
            local_time="25:00",
        ),
    )
    assert bad.status_code == 422
    fields = {error["field"] for error in bad.get_json()["errors"]}
    assert {"timezone", "weekdays.0", "video_url", "local_time"} <= fields
    participant = api_as(world.owner).post("/cohorts", json=_new_cohort(program.id))
    assert participant.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 3


def test_patch_changes_details_and_refusals_read_like_the_page(world, api_as):
    api = api_as(world.facilitator)
    done = api.patch(f"/cohorts/{world.cohort.id}", json={"name": "Renamed", "capacity": 3})
    assert done.status_code == 200
    assert done.get_json()["name"] == "Renamed"
    refused = api.patch(
        f"/cohorts/{world.cohort.id}", json={"lead_id": world.other_org_facilitator.id}
    )
    assert refused.status_code == 422
    assert "lead facilitator" in refused.get_json()["detail"]
    assert api_as(world.owner).patch(f"/cohorts/{world.cohort.id}", json={}).status_code == 403
    stranger = api_as(world.other_cohort_facilitator)
    assert stranger.patch(f"/cohorts/{world.cohort.id}", json={}).status_code == 404


def test_members_and_invitations_are_for_the_cohorts_staff(world, api_as):
    members = api_as(world.facilitator).get(f"/cohorts/{world.cohort.id}/members")
    assert members.status_code == 200
    emails = {item["email"] for item in members.get_json()["items"]}
    # Every membership row: the members and the people invited, waiting, removed or erased.
    others = {world.users[name].email for name in (*MEMBER_STATES, ERASED)}
    assert emails == {world.owner.email, world.same_cohort_participant.email, *others}
    assert api_as(world.owner).get(f"/cohorts/{world.cohort.id}/members").status_code == 403
    invite = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/invitations", json={"email": "new.person@example.org"}
    )
    assert invite.status_code == 201
    assert invite.get_json()["cohort_id"] == world.cohort.id
    assert_audited("cohort.invite", actor=world.facilitator)
    again = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/invitations", json={"email": world.owner.email}
    )
    assert again.status_code == 422
    assert "already in this cohort" in again.get_json()["detail"]
    bad = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/invitations", json={"email": "not an address"}
    )
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["field"] == "email"


def test_programs_are_for_staff_of_their_organisation(world, api_as):
    program = _program(world)
    listed = api_as(world.admin).get("/programs").get_json()
    assert [item["id"] for item in listed["items"]] == [program.id]
    one = api_as(world.facilitator).get(f"/programs/{program.id}").get_json()
    assert one["topics"][0]["position"] == 0
    assert api_as(world.owner).get("/programs").status_code == 403
    assert api_as(world.other_org_admin).get(f"/programs/{program.id}").status_code == 404


def test_list_pages_carry_totals(world, api_as):
    api = api_as(world.facilitator)
    cohort = db.session.get(Cohort, world.cohort.id)
    from groupapp.cohorts import meeting_services as meetings

    meetings.create_series(cohort, ["One", "Two", "Three"])  # type: ignore[arg-type]
    db.session.commit()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Meeting))
    page = api.get(f"/cohorts/{world.cohort.id}/meetings?page=2&per_page=3").get_json()
    assert page["page"] == 2
    assert page["per_page"] == 3
    assert page["total"] == total
    assert len(page["items"]) == min(3, total - 3)
    bad = api.get(f"/cohorts/{world.cohort.id}/meetings?per_page=1000")
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0] == {
        "location": "query",
        "field": "per_page",
        "detail": "Must be greater than or equal to 1 and less than or equal to 100.",
    }


def test_text_is_cleaned_as_the_forms_clean_it(world, api_as):
    response = api_as(world.facilitator).patch(
        f"/cohorts/{world.cohort.id}",
        json={"name": "Tuesday\r\nevenings\u2028", "description": "Line one\r\nLine two\x07"},
    )
    assert response.status_code == 200
    assert response.get_json()["name"] == "Tuesday evenings"
    assert response.get_json()["description"] == "Line one\nLine two"
