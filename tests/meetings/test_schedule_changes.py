"""Stored meetings keep local time across DST; changes bump SEQUENCE and queue messages."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import sqlalchemy as sa
from icalendar import Calendar

from groupapp.core.outbox import OutboxMessage
from groupapp.core.timezones import to_local
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from tests.cohorts.builders import enrol, make_cohort
from tests.cohorts.web import post


def outbox(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)))


def reschedule(client, meeting_id: int, on: date, at: str, minutes: int):  # type: ignore[no-untyped-def]
    """Send the reschedule form for a meeting: local date, local time, length."""
    data = {"on": on.isoformat(), "at": at, "duration_minutes": str(minutes)}
    return post(client, f"/meetings/{meeting_id}/reschedule", data)


def test_generated_meetings_stay_at_six_pm_in_new_york(app, factories) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, start_date=date(2026, 2, 24), weeks=3)
    meetings = world.meetings()
    assert [m.local_start for m in meetings] == [
        "2026-02-24T18:00",
        "2026-03-03T18:00",
        "2026-03-10T18:00",  # after the 8 March change
    ]
    assert [m.starts_at.hour for m in meetings] == [23, 23, 22]
    assert {to_local(m.starts_at, "America/New_York").hour for m in meetings} == {18}
    # Topics come from the program in order.
    program_titles = [t.title for t in world.cohort.program.topics]
    assert [m.topic for m in meetings] == program_titles[:3]


def test_reschedule_moves_the_meeting_and_tells_members(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    members = enrol(world, factories, 2)
    meeting = world.meetings()[2]
    was = meeting.starts_at
    day = (utcnow() + timedelta(days=40)).date()
    login(world.facilitator)
    response = reschedule(client, meeting.id, day, "19:30", 60)
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Meeting, meeting.id)
    assert moved.local_start == f"{day.isoformat()}T19:30"
    assert to_local(moved.starts_at, "America/New_York").strftime("%H:%M") == "19:30"
    assert (moved.ends_at - moved.starts_at).total_seconds() == 3600
    assert moved.sequence == 1
    messages = outbox("meeting_changed")
    # Members hear about it; the facilitator who made the change does not.
    assert sorted(m.recipient_id for m in messages) == sorted(p.id for p in members)
    # IDs, the kind of change and the UTC time it moved from: no personal text.
    assert all(
        m.params
        == {
            "meeting_id": moved.id,
            "sequence": 1,
            "change": "rescheduled",
            "previous_starts_at": was.isoformat(),
        }
        for m in messages
    )


def test_submitting_the_reschedule_form_unchanged_moves_nothing_and_emails_nobody(
    client, factories, login
) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, start_date=(utcnow() + timedelta(days=7)).date())
    enrol(world, factories, 2)
    meeting = world.meetings()[1]
    login(world.facilitator)
    page = client.get(f"/meetings/{meeting.id}/reschedule").get_data(as_text=True)
    prefilled = {
        name: re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1)
        for name in ("on", "at", "shown", "duration_minutes")
    }
    response = post(client, f"/meetings/{meeting.id}/reschedule", prefilled)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).sequence == 0
    assert outbox("meeting_changed") == []
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "nothing changed and nobody was emailed" in flashed


def test_cancel_with_reason_reaches_members_by_email(client, factories, login, smtp_server) -> None:  # type: ignore[no-untyped-def]
    # Next January: still ahead (notices for past meetings are skipped), winter in both zones.
    world = make_cohort(factories, start_date=date(utcnow().year + 1, 1, 5))
    (member,) = enrol(world, factories, 1, timezone="Europe/London")
    meeting = world.meetings()[1]
    login(world.facilitator)
    response = post(
        client, f"/meetings/{meeting.id}/cancel", {"reason": "The centre is closed for repairs."}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "cancelled"
    [message] = smtp_server.wait_for(1)
    assert message["To"] == member.email
    assert message["Subject"].startswith("Cancelled: Tuesday boundaries group")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "The centre is closed for repairs." in body
    assert "11:00 pm GMT (Europe/London)" in body  # 6 pm New York, in the member's zone


def test_extra_meeting_and_extension(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, start_date=date(2026, 3, 1), weeks=4)
    enrol(world, factories, 1)
    login(world.facilitator)
    response = post(
        client,
        f"/cohorts/{world.cohort.id}/meetings/new",
        {"on": "2026-03-12", "at": "12:00", "duration_minutes": "45", "topic": "Check-in lunch"},
    )
    assert response.status_code == 302
    response = post(client, f"/cohorts/{world.cohort.id}/extend", {"weeks": "2"})
    assert response.status_code == 302
    meetings = world.meetings()
    assert len(meetings) == 7
    extra = [m for m in meetings if m.is_extra]
    assert [(m.local_start, m.topic) for m in extra] == [("2026-03-12T12:00", "Check-in lunch")]
    series = [m for m in meetings if not m.is_extra]
    assert [m.position for m in series] == [0, 1, 2, 3, 4, 5]
    assert [m.local_start for m in series[-2:]] == ["2026-03-31T18:00", "2026-04-07T18:00"]
    db.session.refresh(world.cohort)
    assert world.cohort.weeks == 6
    # One member: one message for the extra meeting, one for the whole extension.
    messages = outbox("meeting_changed")
    assert len(messages) == 2
    assert messages[1].params["added"] == 2


def test_topic_edit_bumps_sequence_in_the_calendar(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    meeting = world.meetings()[0]
    login(world.facilitator)
    assert (
        post(client, f"/meetings/{meeting.id}/topic", {"topic": "Saying no kindly"}).status_code
        == 302
    )
    ics = Calendar.from_ical(client.get(f"/meetings/{meeting.id}/meeting.ics").data)
    (event,) = ics.events
    assert "Saying no kindly" in str(event["SUMMARY"])
    assert int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert (event.start.hour, event.start.minute) == (18, 0)
    assert str(ics["METHOD"]) == "PUBLISH"


def test_meeting_form_times_are_the_cohort_wall_clock(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, start_time=time(9, 15), timezone="Australia/Sydney")
    meeting = world.meetings()[0]
    login(world.facilitator)
    page = client.get(f"/meetings/{meeting.id}/reschedule").get_data(as_text=True)
    assert 'value="09:15"' in page
    assert "Australia/Sydney" in page


def test_extension_is_told_in_one_email(client, factories, login, smtp_server) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, weeks=2)
    (member,) = enrol(world, factories, 1, timezone="America/Chicago")
    login(world.facilitator)
    assert post(client, f"/cohorts/{world.cohort.id}/extend", {"weeks": "3"}).status_code == 302
    [message] = smtp_server.wait_for(1)
    assert message["To"] == member.email
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "3 meetings were added to Tuesday boundaries group" in body
    assert "5:00 pm" in body  # 6 pm New York is 5 pm in Chicago
    assert "(America/Chicago)" in body
    # One event would tell half the story; the feed carries all three.
    assert list(message.iter_attachments()) == []


def test_a_time_the_clocks_skip_is_refused(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    meeting = world.meetings()[0]
    login(world.facilitator)
    response = post(
        client,
        f"/meetings/{meeting.id}/reschedule",
        {"on": "2027-03-14", "at": "02:30", "duration_minutes": "60"},  # New York spring-forward
    )
    assert response.status_code == 200
    assert (
        "02:30 does not exist on 14 March 2027 in America/New_York: "
        "clocks go from 02:00 to 03:00. Choose another time."
    ) in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).sequence == 0


def test_rescheduling_into_the_past_is_refused(client, factories, login, smtp_server) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    enrol(world, factories, 2)
    meeting = world.meetings()[2]
    before = (meeting.starts_at, meeting.local_start, meeting.sequence)
    yesterday = (utcnow() - timedelta(days=1)).date()
    login(world.facilitator)
    response = reschedule(client, meeting.id, yesterday, "18:00", 90)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "already passed in America/New_York" in page
    assert "Members are told by email" not in page
    db.session.expire_all()
    kept = db.session.get(Meeting, meeting.id)
    assert (kept.starts_at, kept.local_start, kept.sequence) == before
    assert outbox("meeting_changed") == []
    assert smtp_server.messages == []
