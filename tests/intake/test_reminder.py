"""The intake reminder: written by the scanner, sent once, quiet once the intake is sent."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
import time_machine
from werkzeug.datastructures import MultiDict

from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from groupapp.intake import services
from groupapp.intake.notices import REMINDER
from groupapp.notifications.scanners.common import person, row
from groupapp.notifications.scanning import SCANNERS, run_scanner
from tests.cohorts.builders import enrol, make_cohort
from tests.intake.test_intake import COMPLETE
from tests.support.smtp import body_text


def reminder_rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.kind == REMINDER)
            .order_by(OutboxMessage.id)
        )
    )


def group_with_one_intake(factories):  # type: ignore[no-untyped-def]
    # Meets every week on tomorrow's weekday, so the first meeting is within a day or two.
    tomorrow = (utcnow() + timedelta(days=1)).date()
    world = make_cohort(factories, weekdays=(tomorrow.weekday(),))
    enrol(world, factories, 3)
    done = world.members[0]
    response = services.response_for(world.cohort.id, world.org.id, done.id)
    services.submit(response, MultiDict(COMPLETE))
    db.session.commit()
    return world, world.meetings()[0].starts_at


def test_members_without_an_intake_are_reminded_once_before_the_meeting(
    app, factories, smtp_server
) -> None:
    world, first = group_with_one_intake(factories)
    with time_machine.travel(first - timedelta(days=5), tick=False):
        run_scanner("scan_intake")
    assert reminder_rows() == []  # too early
    with time_machine.travel(first - timedelta(hours=48), tick=False):
        run_scanner("scan_intake")
    with time_machine.travel(first - timedelta(hours=2), tick=False):
        run_scanner("scan_intake")  # the same people again: no second row
    sent = reminder_rows()
    assert sorted(r.recipient_id for r in sent) == sorted(m.id for m in world.members[1:])
    assert {r.status for r in sent} == {"sent"}
    mails = smtp_server.wait_for(2)
    assert all(f"/cohorts/{world.cohort.id}/intake" in body_text(m) for m in mails)
    assert world.members[0].email not in {str(m["To"]) for m in mails}


def test_a_reminder_queued_before_the_intake_was_sent_stays_quiet(app, factories) -> None:
    world, first = group_with_one_intake(factories)
    app.config["MAIL_DISPATCH"] = "celery-down"
    try:
        with time_machine.travel(first - timedelta(hours=48), tick=False):
            run_scanner("scan_intake", hand_over=False)
    finally:
        app.config["MAIL_DISPATCH"] = "inline"
    late = world.members[1]
    services.submit(
        services.response_for(world.cohort.id, world.org.id, late.id), MultiDict(COMPLETE)
    )
    db.session.commit()
    with time_machine.travel(first - timedelta(hours=47), tick=False):
        run_scanner("scan_intake")
    by_person = {r.recipient_id: r.status for r in reminder_rows()}
    assert by_person[late.id] == "skipped"
    assert by_person[world.members[2].id] == "sent"


def test_the_scanner_runs_the_same_statements_at_two_sizes(app, factories, count_queries) -> None:
    counts = []
    for size in (1, 4):
        world = make_cohort(factories)
        enrol(world, factories, size)
        first = world.meetings()[0].starts_at
        moment = time_machine.travel(first - timedelta(hours=24), tick=False)
        with moment, count_queries() as statements:
            run_scanner("scan_intake", hand_over=False)
        counts.append(len(statements))
        db.session.execute(sa.update(OutboxMessage).values(status="skipped"))
        db.session.commit()
    assert counts[0] == counts[1]


def test_people_already_reminded_are_not_offered_again_on_the_next_pass(app, factories) -> None:
    _world, first = group_with_one_intake(factories)
    at = first - timedelta(hours=48)
    assert SCANNERS["scan_intake"](at) == 2  # the two members without an intake
    db.session.commit()
    # The next pass (and every pass until the meeting) reads nobody: both were offered.
    assert SCANNERS["scan_intake"](at + timedelta(minutes=1)) == 0
    assert len(reminder_rows()) == 2


def test_the_rows_written_in_sql_hold_what_the_python_rows_held(app, factories) -> None:
    """The scan writes its rows with ``INSERT ... SELECT``: each column as ``row`` builds it."""
    world, first = group_with_one_intake(factories)
    at = first - timedelta(hours=48)
    with time_machine.travel(at, tick=False):
        assert SCANNERS["scan_intake"](at) == 2
    db.session.commit()
    cohort_id = world.cohort.id
    expected = {
        member.id: {
            **row(REMINDER, person(member), str(cohort_id), {"cohort_id": cohort_id}, first),
            "status": "queued",
            "attempts": 0,
            "send_after": at,
            "created_at": at,
            "handed_at": None,
        }
        for member in world.members[1:]
    }
    stored = reminder_rows()
    assert sorted(message.recipient_id for message in stored) == sorted(expected)
    for message in stored:
        for column, value in expected[message.recipient_id].items():
            assert getattr(message, column) == value, column
