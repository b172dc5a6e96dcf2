"""Own reminders: the page, the scan (exactly once, on time, unsubscribable), the export."""

from __future__ import annotations

import time as clock
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
import time_machine

from groupapp.core.outbox import OutboxMessage
from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db
from groupapp.notifications.scanning import run_scanner
from groupapp.reminders import services
from groupapp.reminders.emails import KIND
from groupapp.reminders.models import MAX_PER_PERSON, OwnReminder
from tests.cohorts.web import post
from tests.support.smtp import body_text

MONDAY = datetime(2031, 3, 3, 6, 0, tzinfo=UTC)  # a Monday, 06:00 UTC


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == KIND).order_by(OutboxMessage.id)
        )
    )


def practice(days=(0, 2), at=time(8, 30), **kw):  # type: ignore[no-untyped-def]
    return services.ReminderFields(
        "Notice one moment you said yes and meant no", "practice", at, tuple(days), **kw
    )


def test_a_participant_adds_changes_and_removes_a_reminder(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant", timezone="Europe/London")
    login(person)
    empty = post(client, "/my/reminders", {"text": "", "kind": "practice", "local_time": "8:30"})
    page = empty.get_data(as_text=True)
    assert empty.status_code == 200
    assert "Write what the reminder should say." in page
    assert "Choose at least one weekday." in page
    added = post(
        client,
        "/my/reminders",
        {
            "text": "Check in with myself",
            "kind": "checkin",
            "local_time": "19:00",
            "weekdays": ["1", "3"],
            "in_calendar": "y",
        },
    )
    assert added.status_code == 302
    (reminder,) = services.reminders_of(person.id)
    assert reminder.weekday_numbers == (1, 3)
    assert reminder.in_calendar
    listing = client.get("/my/reminders").get_data(as_text=True)
    assert "Check in with myself" in listing
    assert "7:00 pm on Tuesday and Thursday" in listing

    post(
        client,
        f"/my/reminders/{reminder.id}/edit",
        {"text": "Evening check-in", "kind": "checkin", "local_time": "20:15", "weekdays": ["6"]},
    )
    db.session.expire_all()
    assert (reminder.text, reminder.local_time, reminder.weekday_numbers) == (
        "Evening check-in",
        time(20, 15),
        (6,),
    )
    assert not reminder.in_calendar
    confirm = post(client, f"/my/reminders/{reminder.id}/delete")
    assert "Remove this reminder?" in confirm.get_data(as_text=True)
    post(client, f"/my/reminders/{reminder.id}/delete", {"confirmed": "yes"})
    assert services.reminders_of(person.id) == []


def test_each_reminder_is_written_once_at_its_local_time(app, factories, smtp_server) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant", timezone="America/New_York")
    with time_machine.travel(MONDAY, tick=False):
        reminder = services.add_reminder(person, practice())
        db.session.commit()
    # 8:30 in New York on Monday 3 March 2031 is 13:30 UTC (EST).
    assert reminder.next_due_at == datetime(2031, 3, 3, 13, 30, tzinfo=UTC)
    with time_machine.travel(datetime(2031, 3, 3, 13, 29, tzinfo=UTC), tick=False):
        run_scanner("scan_own_reminders")
    assert rows() == []
    for minute in (30, 31, 45):  # three beats in the same hour: one email
        with time_machine.travel(datetime(2031, 3, 3, 13, minute, tzinfo=UTC), tick=False):
            run_scanner("scan_own_reminders")
    sent = rows()
    assert len(sent) == 1
    assert sent[0].status == "sent"
    mail = smtp_server.wait_for(1)[0]
    assert "Notice one moment you said yes and meant no" in body_text(mail)
    assert mail["List-Unsubscribe"]
    db.session.refresh(reminder)
    assert reminder.next_due_at == datetime(2031, 3, 5, 13, 30, tzinfo=UTC)  # Wednesday


def test_a_late_or_unwanted_reminder_is_not_sent(app, factories) -> None:  # type: ignore[no-untyped-def]
    from groupapp.notifications import preferences

    late, moved, quiet = (factories.user("participant") for _ in range(3))
    with time_machine.travel(MONDAY, tick=False):
        for person in (late, moved, quiet):
            services.add_reminder(person, practice())
        moved.timezone = "Asia/Tokyo"  # moved after setting it: 8:30 means another instant
        preferences.unsubscribe(quiet.id, "own_reminders")
        db.session.commit()
    # The worker was down: two hours after 8:30 UTC is too late to be useful.
    with time_machine.travel(datetime(2031, 3, 3, 10, 31, tzinfo=UTC), tick=False):
        run_scanner("scan_own_reminders")
    assert [row.recipient_id for row in rows()] == []
    for person in (late, moved):
        (reminder,) = services.reminders_of(person.id)
        assert reminder.next_due_at > datetime(2031, 3, 3, 10, 31, tzinfo=UTC)
    with time_machine.travel(datetime(2031, 3, 5, 8, 30, tzinfo=UTC), tick=False):
        run_scanner("scan_own_reminders")
    sent = {row.recipient_id: row.status for row in rows()}
    assert sent == {late.id: "sent", quiet.id: "skipped"}


def test_scan_runs_three_statements_whatever_the_number_due(app, factories, count_queries) -> None:  # type: ignore[no-untyped-def]
    from groupapp.notifications.scanners.own_reminders import scan_own_reminders

    counts = []
    for size, moment in ((2, MONDAY), (20, MONDAY + timedelta(weeks=1))):
        with time_machine.travel(moment, tick=False):
            for _ in range(size):
                services.add_reminder(factories.user("participant"), practice(days=range(7)))
            db.session.commit()
        due_at = moment.replace(hour=8, minute=30)
        with count_queries() as statements:
            assert scan_own_reminders(due_at) >= size
        db.session.commit()
        counts.append(len(statements))
    assert counts[0] == counts[1] == 3


def test_the_scan_reads_only_due_rows_quickly_at_ten_times_a_clinic(app, factories) -> None:  # type: ignore[no-untyped-def]
    from bench.clinic import PARTICIPANTS
    from groupapp.notifications.scanners.own_reminders import scan_own_reminders

    # Ten times the benchmark clinic's participants, each with one reminder; one in
    # forty is due at the scanned moment, the rest later in the week.
    total = 10 * PARTICIPANTS
    people = [factories.user("participant") for _ in range(20)]
    start = datetime(2031, 3, 3, 0, 0, tzinfo=UTC)
    db.session.execute(
        sa.insert(OwnReminder),
        [
            {
                "user_id": people[n % 20].id,
                "kind": "practice",
                "text": "A practice",
                "local_time": time(0, 0) if n % 40 == 0 else time(1 + n % 23, 0),
                "weekdays": "0,1,2,3,4,5,6",
                "in_calendar": False,
                "next_due_at": start if n % 40 == 0 else start + timedelta(hours=1 + n % 23),
            }
            for n in range(total)
        ],
    )
    db.session.commit()
    began = clock.perf_counter()
    offered = scan_own_reminders(start + timedelta(minutes=5))
    db.session.commit()
    assert clock.perf_counter() - began < 2.0
    assert offered == total // 40
    due_later = sa.select(sa.func.count()).where(OwnReminder.next_due_at > start)
    assert db.session.scalar(due_later) == total


def test_reminders_are_exported_and_erased(app, factories) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant")
    services.add_reminder(person, practice(in_calendar=True))
    db.session.commit()
    (exported,) = export_user(person)["own_reminders"]
    assert exported["text"] == "Notice one moment you said yes and meant no"
    assert exported["weekdays"] == [0, 2]
    assert exported["local_time"] == "08:30"
    erase_user(person)
    db.session.commit()
    assert services.reminders_of(person.id) == []


def test_too_many_reminders_are_refused_with_a_reason(app, factories) -> None:  # type: ignore[no-untyped-def]
    import pytest

    person = factories.user("participant")
    for _ in range(MAX_PER_PERSON):
        services.add_reminder(person, practice())
    with pytest.raises(services.ReminderRefused, match="Remove one to add another"):
        services.add_reminder(person, practice())


def test_reminders_in_the_calendar_feed_when_asked(client, factories) -> None:  # type: ignore[no-untyped-def]
    from groupapp.cohorts import calendar

    person = factories.user("participant")
    services.add_reminder(person, practice(days=range(7), in_calendar=True))
    services.add_reminder(
        person, services.ReminderFields("Only for me", "checkin", time(9, 0), (1,))
    )
    token = calendar.feed_for(person).token
    db.session.commit()
    feed = client.get(f"/calendar/feed/{token}.ics").get_data(as_text=True)
    assert feed.count("8:30 am: Notice one moment") == 14
    assert "Only for me" not in feed
