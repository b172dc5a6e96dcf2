"""Who a reminder goes to, and in which words: apologies, staff, people who left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import time_machine

from groupapp.cohorts.attendance import send_apology
from groupapp.cohorts.models import Membership
from groupapp.cohorts.services import remove
from groupapp.core.timezones import to_utc
from groupapp.db import db
from groupapp.homework.services import Due
from groupapp.notifications.scanning import run_scanner
from tests.homework.support import build as build_homework
from tests.notifications.conftest import add_meeting, rows
from tests.support.smtp import body_text

STARTS = datetime(2026, 6, 1, 17, tzinfo=UTC)


def at(moment: datetime):  # type: ignore[no-untyped-def]
    return time_machine.travel(moment, tick=False)


def membership(group, user) -> Membership:  # type: ignore[no-untyped-def]
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.cohort_id == group.cohort.id, Membership.user_id == user.id
        )
    )


def test_a_member_who_sent_apologies_gets_no_reminder(app, group, smtp_server):
    meeting = add_meeting(group.cohort, STARTS)
    with at(STARTS - timedelta(days=2)):
        send_apology(meeting, group.alice, "Away that week")
        db.session.commit()
    with at(STARTS - timedelta(hours=23)):
        run_scanner("scan_meeting_reminders")
    assert sorted(r.recipient_id for r in rows("meeting_reminder")) == sorted(
        [group.lead.id, group.bo.id]
    )
    assert smtp_server.to(group.alice.email) == []


def test_apologies_after_the_row_was_written_still_stop_the_reminder(app, group, smtp_server):
    meeting = add_meeting(group.cohort, STARTS)
    app.config["MAIL_DISPATCH"] = "celery-down"  # rows wait in the outbox
    try:
        with at(STARTS - timedelta(hours=23)):
            run_scanner("scan_meeting_reminders", hand_over=False)
            send_apology(meeting, group.alice, "")
            db.session.commit()
    finally:
        app.config["MAIL_DISPATCH"] = "inline"
    with at(STARTS - timedelta(hours=22)):
        run_scanner("scan_meeting_reminders")
    sent = {r.recipient_id: r.status for r in rows("meeting_reminder")}
    assert sent[group.alice.id] == "skipped"
    assert sent[group.bo.id] == "sent"


def test_facilitators_get_staff_wording_members_the_apologies_line(app, group, smtp_server):
    add_meeting(group.cohort, STARTS)
    with at(STARTS - timedelta(hours=23)):
        run_scanner("scan_meeting_reminders")
    staff = body_text(smtp_server.to(group.lead.email)[0])
    member = body_text(smtp_server.to(group.bo.email)[0])
    assert "If you cannot come" not in staff
    assert "You are facilitating this meeting" in staff
    assert "If you cannot come, you can send apologies" in member
    assert "You are facilitating" not in member


def test_a_removed_member_drops_out_of_reminders_and_digests_at_once(app, group, smtp_server):
    add_meeting(group.cohort, STARTS)
    app.config["MAIL_DISPATCH"] = "celery-down"
    try:
        with at(STARTS - timedelta(hours=23)):
            run_scanner("scan_meeting_reminders", hand_over=False)  # Alice's row is queued
            remove(membership(group, group.alice), group.lead)
            db.session.commit()
    finally:
        app.config["MAIL_DISPATCH"] = "inline"
    with at(STARTS - timedelta(hours=22)):
        run_scanner("scan_meeting_reminders")
    assert {r.recipient_id: r.status for r in rows("meeting_reminder")}[group.alice.id] == (
        "skipped"
    )
    with at(STARTS - timedelta(minutes=59)):
        run_scanner("scan_meeting_reminders")  # the 1-hour reminder is not even written
    assert [r.recipient_id for r in rows("meeting_reminder")].count(group.alice.id) == 1
    monday = to_utc(datetime(2026, 6, 8, 8), "America/New_York")  # noqa: DTZ001
    with at(monday):
        run_scanner("scan_digests")
    assert [r for r in rows("digest_participant") if r.recipient_id == group.alice.id] == []
    assert smtp_server.to(group.alice.email) == []


def test_a_member_who_left_gets_no_overdue_nudge(app, factories, smtp_server):
    with at(datetime(2026, 9, 1, tzinfo=UTC)):
        hw = build_homework(factories)
        assignment = hw.give(due=Due(local=datetime(2026, 9, 10, 18)))  # noqa: DTZ001
        left = db.session.scalar(
            sa.select(Membership).where(
                Membership.cohort_id == assignment.cohort_id, Membership.user_id == hw.bob.id
            )
        )
        remove(left, hw.bob, by_member=True)
        db.session.commit()
    with at(assignment.due_at + timedelta(days=1, minutes=1)):
        run_scanner("scan_homework")
    assert [r.recipient_id for r in rows("homework_overdue")] == [hw.alice.id]


def test_later_passes_offer_only_people_not_reminded_yet(app, group, factories):  # type: ignore[no-untyped-def]
    from datetime import date

    from groupapp.notifications.scanning import SCANNERS

    add_meeting(group.cohort, STARTS)
    first = STARTS - timedelta(hours=23)
    # The lead and both participants; written once, then nobody is read again.
    assert SCANNERS["scan_meeting_reminders"](first) == 3
    db.session.commit()
    assert SCANNERS["scan_meeting_reminders"](first + timedelta(minutes=1)) == 0
    # Someone who joins while the reminder is current is still reminded on the next pass.
    newcomer = factories.user("participant", org=group.cohort.organisation)
    db.session.add(
        Membership(cohort=group.cohort, user=newcomer, status="active", joined_on=date(2026, 5, 30))
    )
    db.session.commit()
    assert SCANNERS["scan_meeting_reminders"](first + timedelta(minutes=2)) == 1
    db.session.commit()
    assert sorted(r.recipient_id for r in rows("meeting_reminder")) == sorted(
        [group.lead.id, group.alice.id, group.bo.id, newcomer.id]
    )
