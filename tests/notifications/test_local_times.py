"""Reminders say the real interval and arrive at the recipient's hour; keys are exact.

Regression tests for the scanner side of the local-times issue: the "closes soon" email
at a sensible local hour, the real interval in reminder wording, one digest per person
per ISO week, and overdue nudges at distinct offsets as distinct reminders.
"""

# ruff: noqa: DTZ001  (naive datetimes here are local wall-clock times, converted by to_utc)

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import time_machine
from hypothesis import example, given, settings
from hypothesis import strategies as st

from groupapp.core.timezones import common_zones, to_local, to_utc
from groupapp.db import db
from groupapp.homework.services import Due
from groupapp.notifications.emails import time_until
from groupapp.notifications.models import CohortNotificationSettings, NotificationPreference
from groupapp.notifications.scanners.checkins import SEND_HOUR, notice_moments
from groupapp.notifications.scanners.common import offset_token
from groupapp.notifications.scanners.digests import iso_week
from groupapp.notifications.scanning import run_scanner
from tests.assessments.groups import make_group
from tests.homework.support import build as build_homework
from tests.notifications.conftest import add_meeting, rows
from tests.support.smtp import body_text

# Zones with 30- and 45-minute offsets, a DST change at midnight, the southern
# hemisphere, a date-line jump and plain ones; plus anything from the tz database.
SPECIAL_ZONES = [
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Australia/Eucla",
    "America/St_Johns",
    "America/Havana",
    "America/Santiago",
    "Asia/Tehran",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Pacific/Honolulu",
    "Europe/Vienna",
    "UTC",
]
ALL_ZONES = [name for name, _label in common_zones()]
zones = st.one_of(st.sampled_from(SPECIAL_ZONES), st.sampled_from(ALL_ZONES))
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


def at(moment: datetime):  # type: ignore[no-untyped-def]
    return time_machine.travel(moment, tick=False)


def _send_hour_or_shifted(moment: datetime, zone: str) -> bool:
    """On ``zone``'s clock ``moment`` is SEND_HOUR, or the hour a gap moved it to."""
    local = to_local(moment, zone)
    wanted = to_utc(datetime.combine(local.date(), SEND_HOUR), zone)
    return moment == wanted


@settings(max_examples=300, deadline=None)
@given(
    cohort_zone=zones,
    recipient_zone=zones,
    opens_on=days,
    length=st.integers(min_value=0, max_value=14),
)
# Santiago's clocks go forward inside this window and 9 am in Kolkata falls half an hour
# before it opens, so the first 9 am after opening is also the last one a day before it
# closes: the "open" email must go as it opens for the "closing soon" one to keep its day.
@example(
    cohort_zone="America/Santiago",
    recipient_zone="Asia/Kolkata",
    opens_on=date(2024, 9, 6),
    length=2,
)
def test_checkin_notices_fall_at_the_recipients_hour_inside_the_window(
    cohort_zone, recipient_zone, opens_on, length
):
    opens = to_utc(datetime.combine(opens_on, time()), cohort_zone)
    closes = to_utc(datetime.combine(opens_on + timedelta(days=length + 1), time()), cohort_zone)
    moments = notice_moments(opens, closes, recipient_zone)
    opened = moments[0]
    assert opens <= opened < closes
    if opened != opens:  # sent as it opens only when the hour does not come round in time
        assert _send_hour_or_shifted(opened, recipient_zone)
        assert opened - opens < timedelta(days=1, hours=2)
    if len(moments) == 2:
        closing = moments[1]
        assert closing > opened
        assert _send_hour_or_shifted(closing, recipient_zone)
        # At least a day's notice, and no more than two (the day before, at that hour).
        assert timedelta(days=1) <= closes - closing < timedelta(days=2, hours=2)
    else:
        assert closes - opens < timedelta(days=2, hours=2)


def test_closes_soon_goes_out_at_nine_in_honolulu_and_names_the_moment(app, factories, smtp_server):
    """A New York cohort: a member in Honolulu hears at 9 am their time, with their time."""
    group = make_group(factories)  # baseline window 5-10 January, on the cohort's clock
    group.cohort.timezone = "America/New_York"
    group.member.timezone = "Pacific/Honolulu"
    db.session.commit()
    smtp_server.messages.clear()
    # Closes at midnight New York after 10 January = 7 pm on the 10th in Honolulu.
    closes = to_utc(datetime(2026, 1, 11, 0, 0), "America/New_York")
    nine_am_hawaii = to_utc(datetime(2026, 1, 9, 9, 0), "Pacific/Honolulu")
    nine_am_new_york = to_utc(datetime(2026, 1, 9, 9, 0), "America/New_York")
    with at(nine_am_new_york):
        run_scanner("scan_checkins")
    assert [r.recipient_id for r in rows("checkin_closing")] == [group.other_member.id]
    with at(nine_am_hawaii - timedelta(minutes=1)):
        run_scanner("scan_checkins")
    assert len(rows("checkin_closing")) == 1
    with at(nine_am_hawaii):
        run_scanner("scan_checkins")
    closing = {r.recipient_id: r for r in rows("checkin_closing")}
    assert set(closing) == {group.member.id, group.other_member.id}
    assert closing[group.member.id].expires_at == closes
    mail = smtp_server.to(group.member.email)[-1]
    assert "closes soon" in mail["Subject"]
    text = " ".join(body_text(mail).split())
    assert "closes on Sat 10 Jan 2026, 7:00 pm HST (Pacific/Honolulu)" in text


@settings(max_examples=200, deadline=None)
@given(left=st.timedeltas(min_value=timedelta(minutes=8), max_value=timedelta(days=8)))
def test_time_until_says_the_real_interval(left):
    words = time_until(left).split()
    number, unit = int(words[2]), words[3]
    said = timedelta(hours=number) if unit == "hours" else timedelta(minutes=number)
    assert abs(said - left) <= (timedelta(minutes=30) if unit == "hours" else timedelta(minutes=3))


def test_a_reminder_written_for_72_hours_sent_64_hours_ahead_says_64(app, group, smtp_server):
    db.session.add(CohortNotificationSettings(cohort_id=group.cohort.id, reminder_hours=[72]))
    starts = datetime(2026, 6, 4, 17, tzinfo=UTC)
    with at(starts - timedelta(hours=64)):  # the meeting was added 64 hours ahead
        add_meeting(group.cohort, starts)
        run_scanner("scan_meeting_reminders")
    mail = smtp_server.to(group.alice.email)[0]
    assert "meets in about 64 hours" in body_text(mail)
    assert "72 hours" not in body_text(mail)
    assert {r.params["minutes"] for r in rows("meeting_reminder")} == {72 * 60}


def test_moving_the_digest_day_after_this_weeks_digest_sends_no_second(app, group, smtp_server):
    monday = to_utc(datetime(2026, 7, 6, 8), "America/New_York")
    with at(monday):
        run_scanner("scan_digests")
    assert len(smtp_server.to(group.alice.email)) == 1
    # Alice moves her digest to Thursday 6 pm, the same ISO week.
    db.session.add(NotificationPreference(user_id=group.alice.id, digest_day=3, digest_hour=18))
    db.session.commit()
    thursday = to_utc(datetime(2026, 7, 9, 18), "America/New_York")
    with at(thursday):
        run_scanner("scan_digests")
    assert len(smtp_server.to(group.alice.email)) == 1
    with at(thursday + timedelta(days=7)):  # next week's comes on her new day
        run_scanner("scan_digests")
    assert len(smtp_server.to(group.alice.email)) == 2
    digests = rows("digest_participant")
    keys = sorted(r.dedupe_key for r in digests if r.recipient_id == group.alice.id)
    assert keys == [
        f"digest_participant:{group.alice.id}:2026-W28",
        f"digest_participant:{group.alice.id}:2026-W29",
    ]


@given(day=days)
def test_iso_week_keys_group_monday_to_sunday(day):
    monday = day - timedelta(days=day.weekday())
    assert {iso_week(monday + timedelta(days=n)) for n in range(7)} == {iso_week(day)}
    assert iso_week(monday - timedelta(days=1)) != iso_week(day)


def test_overdue_nudges_at_one_and_a_half_days_are_two_reminders(app, factories, smtp_server):
    due_local = datetime(2026, 9, 10, 18)
    with at(datetime(2026, 9, 1, tzinfo=UTC)):
        hw = build_homework(factories)
        assignment = hw.give(due=Due(local=due_local))
    db.session.add(
        CohortNotificationSettings(cohort_id=assignment.cohort_id, overdue_days=[1, 1.5])
    )
    db.session.commit()
    due = assignment.due_at
    smtp_server.messages.clear()
    for moment in (due + timedelta(days=1, minutes=1), due + timedelta(days=1, hours=12)):
        with at(moment):
            run_scanner("scan_homework")
    nudges = [r for r in rows("homework_overdue") if r.recipient_id == hw.alice.id]
    assert [(r.params["days"], r.status) for r in nudges] == [(1, "sent"), (1.5, "sent")]
    assert len({r.dedupe_key for r in nudges}) == 2
    arrived = [m for m in smtp_server.to(hw.alice.email) if "past its due" in m["Subject"]]
    assert len(arrived) == 2


@given(
    first=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=15)),
    second=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=15)),
)
def test_offset_tokens_differ_whenever_offsets_differ_by_a_second(first, second):
    same_second = round(first.total_seconds()) == round(second.total_seconds())
    assert (offset_token(first) == offset_token(second)) == same_second
    assert (offset_token(first, days=False) == offset_token(second, days=False)) == same_second


def test_offset_tokens_keep_the_keys_written_before():
    assert offset_token(timedelta(days=3)) == "3d"
    assert offset_token(timedelta(hours=24), days=False) == "1440m"
    assert offset_token(timedelta(days=1.5)) == "2160m"
