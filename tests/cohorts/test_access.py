"""Organisation and cohort boundaries: who can see or change a cohort and its records."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from groupapp.audit.models import AuditEvent
from groupapp.db import db
from groupapp.meetings.models import Meeting
from tests.cohorts.builders import enrol, make_cohort
from tests.cohorts.web import post


def staff_paths(cohort_id: int, meeting_id: int) -> list[str]:
    return [
        f"/cohorts/{cohort_id}",
        f"/cohorts/{cohort_id}/edit",
        f"/cohorts/{cohort_id}/invite",
        f"/cohorts/{cohort_id}/agreement",
        f"/cohorts/{cohort_id}/meetings/new",
        f"/cohorts/{cohort_id}/extend",
        f"/meetings/{meeting_id}",
        f"/meetings/{meeting_id}/attendance",
        f"/meetings/{meeting_id}/notes",
        f"/meetings/{meeting_id}/topic",
        f"/meetings/{meeting_id}/reschedule",
        f"/meetings/{meeting_id}/cancel",
        f"/meetings/{meeting_id}/meeting.ics",
    ]


@pytest.mark.parametrize(
    "outsider_kind", ["other_organisation", "other_cohort_facilitator", "participant_elsewhere"]
)
def test_outsiders_get_404_everywhere(client, factories, login, outsider_kind: str) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    enrol(world, factories, 1)
    meeting = world.meetings()[0]
    if outsider_kind == "other_organisation":
        outsider = make_cohort(factories).facilitator
    elif outsider_kind == "other_cohort_facilitator":
        outsider = make_cohort(factories, org=world.org).facilitator
    else:
        other = make_cohort(factories, org=world.org)
        (outsider,) = enrol(other, factories, 1)
    login(outsider)
    for path in staff_paths(world.cohort.id, meeting.id):
        assert client.get(path).status_code == 404, path
    for path in [
        f"/meetings/{meeting.id}/notes",
        f"/meetings/{meeting.id}/cancel",
        f"/meetings/{meeting.id}/attendance",
    ]:
        assert post(client, path, {"notes": "x", "reason": "x"}).status_code == 404, path
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "scheduled"


def test_admin_of_the_organisation_manages_every_cohort(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    admin = factories.user("admin", org=world.org)
    login(admin)
    for path in staff_paths(world.cohort.id, world.meetings()[0].id):
        assert client.get(path).status_code == 200, path
    assert world.cohort.name in client.get("/cohorts").get_data(as_text=True)


def test_co_facilitator_sees_the_cohort_on_their_dashboard(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    from groupapp.cohorts import services
    from tests.cohorts.builders import settings

    world = make_cohort(factories)
    co = factories.user("facilitator", org=world.org)
    services.update_cohort(world.cohort, settings(world.facilitator, co_facilitator_ids=(co.id,)))
    db.session.commit()
    login(co)
    assert world.cohort.name in client.get("/cohorts").get_data(as_text=True)
    assert client.get(f"/cohorts/{world.cohort.id}").status_code == 200


def test_participant_sees_schedule_but_never_notes(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (ana,) = enrol(world, factories, 1)
    meeting = world.meetings()[0]
    meeting.private_notes = "Ana seemed low; call on Thursday."
    db.session.commit()
    login(ana)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert meeting.topic in page
    assert "call on Thursday" not in page
    assert "Private notes" not in page
    assert client.get(f"/meetings/{meeting.id}/notes").status_code == 403
    assert client.get(f"/meetings/{meeting.id}/meeting.ics").status_code == 200
    assert b"call on Thursday" not in client.get(f"/meetings/{meeting.id}/meeting.ics").data
    for path in ["/cohorts", "/programs", f"/programs/{world.cohort.program_id}"]:
        assert client.get(path).status_code in (403, 404), path


def test_reading_and_writing_notes_is_audited(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    meeting = world.meetings()[0]
    login(world.facilitator)
    assert client.get(f"/meetings/{meeting.id}/notes").status_code == 200
    assert (
        post(client, f"/meetings/{meeting.id}/notes", {"notes": "Quiet week."}).status_code == 302
    )
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.object_type == "Meeting", AuditEvent.object_id == str(meeting.id))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["meeting.notes.read", "meeting.notes.update"]
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).private_notes == "Quiet week."


def test_reading_attendance_is_audited(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    meeting = world.meetings()[0]
    login(world.facilitator)
    client.get(f"/cohorts/{world.cohort.id}")
    client.get(f"/meetings/{meeting.id}/attendance")
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.actor_id == world.facilitator.id)
    ).all()
    assert "cohort.attendance.read" in actions
    assert "attendance.roster.read" in actions
