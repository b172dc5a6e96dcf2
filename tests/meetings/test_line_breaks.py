"""A cohort name or topic with a line break can break no calendar file and no email."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from groupapp.cohorts.models import Cohort
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.meetings.ical import CalendarDueDate, CalendarMeeting, build_feed, build_meeting_file
from groupapp.meetings.models import Meeting
from tests.cohorts.web import post
from tests.meetings.test_schedule_notices import event_of, winter_cohort

CRAFTED = "Tuesday group\r\nX-INJECTED:1\x1b\u2028 evening"


def test_a_stored_line_break_still_gives_an_ics_file_and_a_change_email(
    client, factories, login, smtp_server
):
    world, _member = winter_cohort(factories)
    meeting = world.meetings()[0]
    # Stored as a crafted POST could have stored it before forms filtered it.
    db.session.get(Cohort, meeting.cohort_id).name = CRAFTED
    db.session.commit()
    login(world.facilitator)
    response = client.get(f"/meetings/{meeting.id}/meeting.ics")
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.data).events
    assert not any(line.startswith("X-INJECTED") for line in response.data.decode().splitlines())
    assert "\n" not in str(event["SUMMARY"])

    post(client, f"/meetings/{meeting.id}/topic", {"topic": "Asking\nfor what we need"})
    [mail] = smtp_server.wait_for(1)
    assert db.session.scalar(db.select(OutboxMessage.status)) == "sent"
    assert "\n" not in mail["Subject"]
    assert str(event_of(mail)["SUMMARY"]).endswith("Asking for what we need")
    assert db.session.get(Meeting, meeting.id).topic == "Asking for what we need"


def test_a_crafted_post_cannot_store_a_line_break_in_a_cohort_name(client, factories, login):
    world, _member = winter_cohort(factories)
    login(world.facilitator)
    response = post(
        client,
        f"/cohorts/{world.cohort.id}/edit",
        {
            "name": "Evening\r\ngroup\t\x0b",
            "description": "Line one\nLine two",
            "lead": str(world.facilitator.id),
            "capacity": "12",
            "interval_weeks": "1",
            "absence_threshold": "2",
            "location": "Room 4\r\nX-INJECTED: 1",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    cohort = db.session.get(Cohort, world.cohort.id)
    assert cohort.name == "Evening group"
    assert cohort.location == "Room 4 X-INJECTED: 1"
    assert cohort.description == "Line one\nLine two"  # a text area keeps its lines


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)


@given(TEXT, TEXT, TEXT, TEXT)
def test_any_text_makes_a_calendar_that_reads_back(summary, location, description, name):
    meeting = CalendarMeeting(
        uid="meeting-1@groupapp",
        summary=summary,
        starts_at=datetime(2026, 6, 1, 17, tzinfo=UTC),
        ends_at=datetime(2026, 6, 1, 18, tzinfo=UTC),
        timezone="Europe/London",
        location=location,
        description=description,
        video_url=f"https://video.example.org/{location}",
    )
    due = CalendarDueDate(uid="due-1@groupapp", summary=summary, due_on=date(2026, 6, 2))
    for body in (
        build_meeting_file(meeting, calendar_uid="c"),
        build_feed([meeting], [due], name=name, calendar_uid="c"),
    ):
        calendar = Calendar.from_ical(body)
        assert len(calendar.events) >= 1
        for line in body.split(b"\r\n"):
            assert b"\n" not in line
            assert b"\r" not in line
