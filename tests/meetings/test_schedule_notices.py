"""Change and cancellation emails: times on the reader's clock, and a calendar update attached.

Every message goes through the real outbox to the aiosmtpd server; the attached ``.ics``
is parsed back with icalendar, the way a calendar app would read it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

import time_machine
from icalendar import Calendar, Event

from groupapp.cohorts.calendar import feed_body
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from groupapp.notifications.scanning import run_scanner
from tests.cohorts.builders import World, enrol, make_cohort
from tests.cohorts.web import post
from tests.support.smtp import body_text

NEXT_YEAR = utcnow().year + 1
# Between the second Sunday of March (New York springs forward) and the last Sunday
# (London does): whatever the year, New York is on EDT while London is still on GMT,
# so the usual five-hour gap is four.
GAP_DAY = date(NEXT_YEAR, 3, 17)
VIDEO = "https://video.example.org/boundaries"


def winter_cohort(factories) -> tuple[World, object]:  # type: ignore[no-untyped-def]
    """A New York group meeting at 6 pm in January, with one member in London."""
    world = make_cohort(factories, start_date=date(NEXT_YEAR, 1, 5), weeks=4, video_url=VIDEO)
    (member,) = enrol(world, factories, 1, timezone="Europe/London")
    return world, member


def calendar_of(mail: EmailMessage, labelled: bool = True) -> Calendar:
    """The single calendar attachment, checked to be labelled as the PUBLISH it holds."""
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "meeting.ics"
    if labelled:
        assert part.get_param("method") == "PUBLISH"
    calendar = Calendar.from_ical(part.get_content())
    assert str(calendar["METHOD"]) == "PUBLISH"
    return calendar


def event_of(mail: EmailMessage, labelled: bool = True) -> Event:
    (event,) = calendar_of(mail, labelled).events
    return event


def notice_after(client, login, smtp, world: World, path: str, data: dict) -> EmailMessage:  # type: ignore[no-untyped-def]
    """The facilitator posts ``data`` to ``path``; return the one email the member gets.

    Replies to it go to the lead facilitator, whoever receives it.
    """
    login(world.facilitator)
    assert post(client, path, data).status_code == 302
    [mail] = smtp.wait_for(1)
    (member,) = world.members
    assert mail["To"] == member.email
    assert mail["Reply-To"] == world.facilitator.email
    return mail


def feed_event(person, meeting: Meeting) -> Event:  # type: ignore[no-untyped-def]
    """The meeting's entry in the person's subscription feed."""
    events = Calendar.from_ical(feed_body(person)).events
    return next(e for e in events if str(e["UID"]) == f"meeting-{meeting.id}@localhost")


def test_reschedule_across_dst_names_both_times_on_the_members_clock(
    client, factories, login, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    world, member = winter_cohort(factories)
    meeting = world.meetings()[1]
    was = meeting.starts_at  # a Tuesday 11 pm in London, 6 pm in New York
    mail = notice_after(
        client,
        login,
        smtp_server,
        world,
        f"/meetings/{meeting.id}/reschedule",
        {"on": GAP_DAY.isoformat(), "at": "18:00", "duration_minutes": "90"},
    )
    body = body_text(mail)
    new_day = f"{GAP_DAY:%a} 17 Mar {NEXT_YEAR}"
    # 6 pm in New York is 10 pm in London that week, not the usual 11 pm.
    assert f"When: {new_day}, 10:00 pm GMT (Europe/London)" in body
    assert f"The group's own time: {new_day}, 6:00 pm EDT (America/New_York)" in body
    old_day = f"Tue {was.day} Jan {NEXT_YEAR}"
    assert f"Previously: {old_day}, 11:00 pm GMT (Europe/London)" in body
    assert "Place: Room 2, Riverside Centre" in body
    assert f"Video link: {VIDEO}" in body
    assert mail["Subject"] == (
        f"Moved: Tuesday boundaries group now meets {new_day}, 10:00 pm GMT (Europe/London)"
    )
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "<s>Tue" in html  # the old time struck through
    assert "10:00 pm GMT (Europe/London)" in html

    event = event_of(mail)
    db.session.expire_all()
    moved = db.session.get(Meeting, meeting.id)
    assert str(event["UID"]) == f"meeting-{meeting.id}@localhost"
    assert event["SEQUENCE"] == moved.sequence == 1
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert (event.start.date(), event.start.hour, event.start.minute) == (GAP_DAY, 18, 0)
    assert event.start == moved.starts_at == datetime(NEXT_YEAR, 3, 17, 22, tzinfo=UTC)
    assert str(event["ORGANIZER"]) == f"mailto:{world.facilitator.email}"
    # The feed holds the same entry at the same SEQUENCE: both tell one story.
    in_feed = feed_event(member, moved)
    assert (in_feed["SEQUENCE"], in_feed.start) == (event["SEQUENCE"], event.start)


def test_cancellation_attaches_a_cancelled_entry_with_the_reason_in_the_email(
    client, factories, login, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    world, _member = winter_cohort(factories)
    meeting = world.meetings()[2]
    reason = "Snow has closed the centre.\nWe meet as usual next week."
    mail = notice_after(
        client, login, smtp_server, world, f"/meetings/{meeting.id}/cancel", {"reason": reason}
    )
    body = body_text(mail)
    assert "Snow has closed the centre." in body
    assert "11:00 pm GMT (Europe/London)" in body
    assert "6:00 pm EST (America/New_York)" in body
    assert "Previously" not in body
    assert "Place: Room 2, Riverside Centre" in body
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Snow has closed the centre.<br>" in html

    event = event_of(mail)
    assert str(event["UID"]) == f"meeting-{meeting.id}@localhost"
    assert event["SEQUENCE"] == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert (event.start.hour, event.start.minute) == (18, 0)
    assert event.start == meeting.starts_at
    assert "Snow has closed the centre." in str(event["DESCRIPTION"])


def test_reminder_cancellation_and_feed_share_one_calendar_entry(
    client, factories, login, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    world, member = winter_cohort(factories)
    meeting = world.meetings()[1]
    with time_machine.travel(meeting.starts_at - timedelta(hours=24), tick=False):
        run_scanner("scan_meeting_reminders")
    smtp_server.wait_for(2)  # the member and the facilitator
    [reminder] = smtp_server.to(member.email)
    assert reminder["Subject"].startswith("Reminder:")

    login(world.facilitator)
    post(client, f"/meetings/{meeting.id}/cancel", {"reason": "Our facilitator is unwell."})
    smtp_server.wait_for(3)
    cancelled = smtp_server.to(member.email)[1]
    assert cancelled["Subject"].startswith("Cancelled:")

    # The reminder's MIME type does not name its method yet (its builder lives in
    # notifications); its contents are what matter here.
    first, second = event_of(reminder, labelled=False), event_of(cancelled)
    assert str(first["UID"]) == str(second["UID"]) == str(feed_event(member, meeting)["UID"])
    # The higher SEQUENCE makes the calendar replace the entry the reminder added.
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (0, 1)
    assert (str(first["STATUS"]), str(second["STATUS"])) == ("CONFIRMED", "CANCELLED")


def test_a_new_topic_is_announced_for_an_upcoming_meeting_only(
    client, factories, login, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    world, _member = winter_cohort(factories)
    upcoming = world.meetings()[0]
    path, data = f"/meetings/{upcoming.id}/topic", {"topic": "Asking for what we need"}
    mail = notice_after(client, login, smtp_server, world, path, data)
    assert mail["Subject"].startswith("New topic: Tuesday boundaries group on")
    assert "Topic: Asking for what we need" in body_text(mail)
    event = event_of(mail)
    assert "Asking for what we need" in str(event["SUMMARY"])
    assert event["SEQUENCE"] == 1

    # Saving the same topic again, or relabelling a meeting that is over, tells nobody.
    post(client, path, data)
    past = world.meetings()[3]
    past.starts_at = utcnow() - timedelta(days=2)
    past.ends_at = past.starts_at + timedelta(hours=1)
    db.session.commit()
    post(client, f"/meetings/{past.id}/topic", {"topic": "What we covered"})
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1
    db.session.expire_all()
    assert db.session.get(Meeting, past.id).sequence == 1  # calendars still pick it up


def test_a_member_in_the_groups_zone_gets_one_time_only(
    client, factories, login, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, start_date=date(NEXT_YEAR, 1, 5), weeks=2)
    enrol(world, factories, 1, timezone="America/New_York")
    meeting = world.meetings()[1]
    path = f"/meetings/{meeting.id}/cancel"
    mail = notice_after(client, login, smtp_server, world, path, {"reason": "Room double-booked"})
    body = body_text(mail)
    assert "When: " in body
    assert "6:00 pm EST (America/New_York)" in body
    assert "The group's own time" not in body
    assert "Video link" not in body  # the cohort has none
