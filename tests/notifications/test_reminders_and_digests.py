"""Reminders and digests land at the right local time, across daylight-saving changes."""

# ruff: noqa: DTZ001  (naive datetimes here are local wall-clock times, converted by to_utc)

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from groupapp.core.timezones import to_utc
from groupapp.db import db
from groupapp.notifications.models import NotificationPreference
from groupapp.notifications.scanners.digests import scan_digests
from groupapp.notifications.scanners.meetings import reminder_rows
from groupapp.notifications.scanning import run_scanner
from tests.notifications.conftest import add_meeting, rows
from tests.support.smtp import body_text

# A meeting at 6 pm local the day after each zone's clocks change.
DST_MEETINGS = [
    ("America/New_York", datetime(2026, 3, 9, 18), "6:00 pm EDT"),  # spring forward 8 March
    ("Europe/London", datetime(2026, 10, 26, 18), "6:00 pm GMT"),  # fall back 25 October
    ("Australia/Sydney", datetime(2026, 4, 6, 18), "6:00 pm AEST"),  # fall back 5 April
]


def at(moment: datetime):  # type: ignore[no-untyped-def]
    return time_machine.travel(moment, tick=False)


@pytest.mark.parametrize(("zone", "local_start", "shown"), DST_MEETINGS)
def test_meeting_reminders_24h_and_1h_before_across_dst(
    app, factories, smtp_server, zone, local_start, shown
):
    org = factories.org()
    lead = factories.user("facilitator", org=org, timezone=zone)
    member = factories.user("participant", org=org, timezone=zone)
    cohort = factories.cohort(org, facilitators=[lead], participants=[member], timezone=zone)
    cohort.location = "Room 4, Quay Street"
    starts = to_utc(local_start, zone)
    meeting = add_meeting(cohort, starts)

    with at(starts - timedelta(hours=24, seconds=1)):
        assert reminder_rows(datetime.now(UTC)) == []
    with at(starts - timedelta(hours=24)):
        run_scanner("scan_meeting_reminders")
    received = smtp_server.wait_for(2)
    assert sorted(str(m["To"]) for m in received) == sorted([lead.email, member.email])
    mail = smtp_server.to(member.email)[0]
    assert shown in mail["Subject"]
    assert shown in body_text(mail)
    assert "Room 4, Quay Street" in body_text(mail)
    assert mail["Reply-To"] == lead.email
    ics = next(p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar")
    assert b"BEGIN:VEVENT" in ics.get_content().encode()
    assert f"TZID={zone}" in ics.get_content()

    with at(starts - timedelta(hours=1, minutes=30)):
        run_scanner("scan_meeting_reminders")  # between the two: nothing new
    assert len(smtp_server.wait_for(3, timeout=0.3)) == 2
    with at(starts - timedelta(minutes=59)):
        run_scanner("scan_meeting_reminders")
    assert len(smtp_server.wait_for(4)) == 4
    with at(starts + timedelta(minutes=1)):
        assert reminder_rows(datetime.now(UTC)) == []
    keys = {r.dedupe_key for r in rows("meeting_reminder")}
    assert len(keys) == 4
    assert all(str(meeting.id) in k for k in keys)


def test_a_reminder_whose_moment_passed_is_skipped_not_sent_late(app, group, smtp_server):
    starts = datetime(2026, 6, 1, 17, tzinfo=UTC)
    add_meeting(group.cohort, starts)
    app.config["MAIL_DISPATCH"] = "celery-down"  # nothing sends: the worker is down
    try:
        with at(starts - timedelta(hours=20)):
            run_scanner("scan_meeting_reminders", hand_over=False)
    finally:
        app.config["MAIL_DISPATCH"] = "inline"
    assert {r.status for r in rows("meeting_reminder")} == {"queued"}
    with at(starts - timedelta(minutes=30)):  # the worker is back, 1-hour window now
        run_scanner("scan_meeting_reminders")
    reminders = rows("meeting_reminder")
    assert sorted({r.params["minutes"]: r.status for r in reminders}.items()) == [
        (60, "sent"),
        (1440, "skipped"),
    ]
    # Sent 30 minutes before: it says so (the 24-hour wording never went out).
    assert all("meets in about 30 minutes" in body_text(m) for m in smtp_server.wait_for(3))


def test_a_moved_meeting_gets_reminders_for_its_new_time_only(app, group, smtp_server):
    starts = datetime(2026, 6, 1, 17, tzinfo=UTC)
    meeting = add_meeting(group.cohort, starts)
    with at(starts - timedelta(hours=23)):
        run_scanner("scan_meeting_reminders", hand_over=False)
        meeting.starts_at = starts + timedelta(days=1)
        meeting.ends_at = meeting.starts_at + timedelta(hours=1)
        db.session.commit()
        run_scanner("scan_meeting_reminders")
    statuses = sorted(r.status for r in rows("meeting_reminder"))
    assert statuses == ["skipped"] * 3  # old time: no longer true; new time: not yet due


# Monday 8 am local, the week before and the week after each zone's change.
DST_DIGESTS = [
    (
        "America/New_York",
        [datetime(2026, 3, 2, 13, tzinfo=UTC), datetime(2026, 3, 9, 12, tzinfo=UTC)],
    ),
    (
        "Europe/London",
        [datetime(2026, 10, 19, 7, tzinfo=UTC), datetime(2026, 10, 26, 8, tzinfo=UTC)],
    ),
    (
        "Australia/Sydney",
        [datetime(2026, 3, 29, 21, tzinfo=UTC), datetime(2026, 4, 5, 22, tzinfo=UTC)],
    ),
]


@pytest.mark.parametrize(("zone", "slots"), DST_DIGESTS)
def test_digests_arrive_at_the_local_hour_across_dst(app, factories, zone, slots):
    org = factories.org()
    person = factories.user("participant", org=org, timezone=zone)
    factories.cohort(org, participants=[person])
    for slot in slots:
        assert scan_digests(slot - timedelta(minutes=1)) == 0
        assert scan_digests(slot + timedelta(hours=12)) == 0
        assert scan_digests(slot) == 1
        found = rows()[-1]
        assert (found.kind, found.recipient_id) == ("digest_participant", person.id)
        assert found.expires_at == slot + timedelta(hours=12)


def test_digest_day_and_hour_follow_the_persons_choice(app, group, smtp_server):
    # Bo in Sydney chose Friday 6 pm.
    db.session.add(NotificationPreference(user_id=group.bo.id, digest_day=4, digest_hour=18))
    db.session.commit()
    friday_6pm = to_utc(datetime(2026, 7, 3, 18), "Australia/Sydney")
    with at(friday_6pm):
        run_scanner("scan_digests")
    received = smtp_server.wait_for(1)
    assert [str(m["To"]) for m in received] == [group.bo.email]
    html = received[0].get_body(preferencelist=("html",)).get_content()
    assert "<script" not in html
    assert received[0]["Subject"] == "Your week ahead"


def test_facilitator_digest_has_bars_and_no_health_details(app, group, smtp_server):
    monday = to_utc(datetime(2026, 7, 6, 8), "Europe/London")
    add_meeting(group.cohort, monday - timedelta(days=3))
    add_meeting(group.cohort, monday + timedelta(days=2), topic="Saying no kindly")
    with at(monday):
        run_scanner("scan_digests")
    mail = smtp_server.to(group.lead.email)[0]
    assert mail["Subject"] == f"Your week with {group.cohort.name}"
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert 'bgcolor="#e3ddd3"' in html
    assert "<script" not in html
    assert "Saying no kindly" in body_text(mail)
    assert "0 of 2" in body_text(mail)


def test_a_digest_pass_during_the_slot_offers_only_what_is_new_in_fixed_statements(
    app, factories, count_queries
):
    """Digests already offered this week are left out in SQL: the passes during a slot's
    twelve hours write nothing, in the same statements at two sizes, yet still reach a
    cohort a facilitator took on since."""
    slot = to_utc(datetime(2026, 7, 6, 8), "Europe/London")  # Monday 8 am local
    org = factories.org()
    passes = []
    for size in (1, 3):
        lead = factories.user("facilitator", org=org, timezone="Europe/London")
        people = [
            factories.user("participant", org=org, timezone="Europe/London") for _ in range(size)
        ]
        factories.cohort(org, facilitators=[lead], participants=people)
        db.session.commit()
        first = scan_digests(slot)
        db.session.commit()
        with count_queries() as statements:
            second = scan_digests(slot + timedelta(hours=1))
        db.session.commit()
        passes.append((first, second, len(statements)))
    (small_first, small_second, small_count), (big_first, big_second, big_count) = passes
    assert (small_first, big_first) == (2, 4)  # each lead and their new participants
    assert small_second == big_second == 0
    assert small_count == big_count <= 3
    factories.cohort(org, facilitators=[lead], participants=[people[0]])
    db.session.commit()
    assert scan_digests(slot + timedelta(hours=2)) == 1  # the lead's new cohort only
    db.session.commit()
    digests = [(r.kind, r.recipient_id) for r in rows() if r.kind.startswith("digest_")]
    assert len(digests) == 7
    assert len({r.dedupe_key for r in rows()}) == len(rows())
