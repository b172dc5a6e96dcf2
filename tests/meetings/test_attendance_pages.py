"""The roster, apologies in advance, the absence flag and each person's own history."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from groupapp.audit.models import AuditEvent
from groupapp.cohorts import attendance
from groupapp.db import db
from groupapp.meetings.models import AbsenceFlag, Attendance
from tests.cohorts.builders import enrol, make_cohort, shift_to_past
from tests.cohorts.web import post


def mark(client, meeting_id: int, marks: dict[int, tuple[str, str]]):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {}
    for user_id, (status, comment) in marks.items():
        data[f"status-{user_id}"] = status
        data[f"comment-{user_id}"] = comment
    return post(client, f"/meetings/{meeting_id}/attendance", data)


def statuses(meeting_id: int) -> dict[int, str]:
    rows = db.session.scalars(sa.select(Attendance).where(Attendance.meeting_id == meeting_id))
    return {row.user_id: row.status for row in rows}


def open_flags(cohort_id: int) -> dict[int, int]:
    rows = db.session.scalars(
        sa.select(AbsenceFlag).where(
            AbsenceFlag.cohort_id == cohort_id, AbsenceFlag.cleared_at.is_(None)
        )
    )
    return {row.user_id: row.streak for row in rows}


def test_roster_marks_everyone_and_is_audited(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    ana, ben, cleo = enrol(world, factories, 3)
    shift_to_past(world, 1)
    meeting = world.meetings()[0]
    login(world.facilitator)
    page = client.get(f"/meetings/{meeting.id}/attendance").get_data(as_text=True)
    assert page.count('type="radio"') == 3 * 4
    response = mark(
        client,
        meeting.id,
        {ana.id: ("present", ""), ben.id: ("late", "bus"), cleo.id: ("excused", "ill")},
    )
    assert response.status_code == 302
    assert statuses(meeting.id) == {ana.id: "present", ben.id: "late", cleo.id: "excused"}
    db.session.refresh(meeting)
    assert meeting.status == "completed"
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "attendance.update")
    ).all()
    assert sorted(e.subject_user_id for e in events) == sorted([ana.id, ben.id, cleo.id])
    assert all(e.actor_id == world.facilitator.id for e in events)


def test_two_absences_in_a_row_raise_a_flag_that_attending_clears(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    ana, ben = enrol(world, factories, 2)
    shift_to_past(world, 3)
    first, second, third = world.meetings()[:3]
    login(world.facilitator)
    mark(client, first.id, {ana.id: ("absent", ""), ben.id: ("present", "")})
    assert open_flags(world.cohort.id) == {}
    # Apologies in between neither count nor break the run.
    mark(client, second.id, {ana.id: ("excused", ""), ben.id: ("absent", "")})
    mark(client, third.id, {ana.id: ("absent", ""), ben.id: ("absent", "")})
    assert open_flags(world.cohort.id) == {ana.id: 2, ben.id: 2}
    page = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "missed 2 in a row" in page
    from groupapp.cohorts.models import Membership

    ben_row = db.session.scalar(sa.select(Membership).where(Membership.user_id == ben.id))
    history = client.get(f"/cohorts/{world.cohort.id}/members/{ben_row.id}").get_data(as_text=True)
    assert "Attendance: <strong>33%</strong>" in history
    assert "missed 2 in a row" in history
    # Correcting a mark clears the flag.
    mark(client, third.id, {ana.id: ("present", "arrived after all")})
    assert open_flags(world.cohort.id) == {ben.id: 2}
    # So does leaving the cohort: nobody is alerted about a former member.
    from groupapp.cohorts.models import Membership

    gone = db.session.scalar(sa.select(Membership).where(Membership.user_id == ben.id))
    post(client, f"/cohorts/{world.cohort.id}/members/{gone.id}/remove", {"confirmed": "yes"})
    assert open_flags(world.cohort.id) == {}


def test_participant_sends_apologies_in_advance(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (ana,) = enrol(world, factories, 1)
    upcoming = world.meetings()[0]
    login(ana)
    response = post(client, f"/meetings/{upcoming.id}/apology", {"comment": "Family visit"})
    assert response.status_code == 302
    row = db.session.scalar(sa.select(Attendance).where(Attendance.meeting_id == upcoming.id))
    assert (row.status, row.is_apology, row.comment) == ("excused", True, "Family visit")
    page = client.get(f"/meetings/{upcoming.id}").get_data(as_text=True)
    assert "you sent apologies" in page
    # The facilitator's roster shows it pre-marked.
    post(client, "/logout")
    login(world.facilitator)
    roster = client.get(f"/meetings/{upcoming.id}/attendance").get_data(as_text=True)
    assert "sent apologies" in roster
    assert 'value="excused" checked' in roster


def test_apologies_for_a_past_meeting_are_refused(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (ana,) = enrol(world, factories, 1)
    shift_to_past(world, 1)
    login(ana)
    response = post(client, f"/meetings/{world.meetings()[0].id}/apology", {"comment": ""})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Attendance.id))) == 0


def test_participant_sees_only_their_own_attendance(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    ana, ben = enrol(world, factories, 2)
    shift_to_past(world, 2)
    first, second = world.meetings()[:2]
    login(world.facilitator)
    mark(client, first.id, {ana.id: ("present", ""), ben.id: ("absent", "private reason")})
    mark(client, second.id, {ana.id: ("late", ""), ben.id: ("absent", "")})
    post(client, "/logout")
    login(ana)
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Your attendance: <strong>100%</strong>" in page
    assert "Late" in page
    assert "Present" in page
    assert "private reason" not in page
    assert ben.display_name not in page
    # Neither the roster nor the cohort page is open to participants.
    assert client.get(f"/meetings/{first.id}/attendance").status_code == 403
    assert client.get(f"/cohorts/{world.cohort.id}").status_code == 403
    assert client.get(f"/meetings/{first.id}/notes").status_code == 403


def test_attendance_waits_for_the_meeting_to_start(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)  # the series starts tomorrow
    ana, ben = enrol(world, factories, 2)
    ahead = world.meetings()[1]
    login(world.facilitator)
    response = mark(client, ahead.id, {ana.id: ("present", ""), ben.id: ("present", "")})
    assert response.status_code == 200
    assert "has not started yet" in response.get_data(as_text=True)
    assert statuses(ahead.id) == {}
    db.session.refresh(ahead)
    assert ahead.status == "scheduled"

    # The same refusal reaches any other door: it comes from the service.
    with pytest.raises(attendance.AttendanceError, match="has not started yet"):
        attendance.record_roster(ahead, {ana.id: attendance.Mark("present")}, world.facilitator)
    db.session.rollback()
