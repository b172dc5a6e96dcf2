"""Every scanner runs a fixed number of SQL statements, however much data there is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from groupapp.core import outbox
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.homework.models import Assignment, Submission
from groupapp.meetings.models import AbsenceFlag
from groupapp.notifications.dispatch import due_ids, expire_passed, recover_stuck
from groupapp.notifications.scanning import SCANNERS
from tests.assessments.groups import DURING_BASELINE, make_group
from tests.assessments.scored import answer_open
from tests.assessments.test_checkin_flow import all_items
from tests.notifications.conftest import add_meeting

NOW = datetime(2026, 7, 6, 7, 30, tzinfo=UTC)  # a Monday morning


def build(factories, cohorts: int, members: int) -> None:  # type: ignore[no-untyped-def]
    """``cohorts`` cohorts of ``members`` people, each with everything due at NOW."""
    org = factories.org()
    for _ in range(cohorts):
        lead = factories.user("facilitator", org=org, timezone="Europe/London")
        people = [factories.user("participant", org=org) for _ in range(members)]
        cohort = factories.cohort(org, facilitators=[lead], participants=people)
        add_meeting(cohort, NOW + timedelta(minutes=30))
        add_meeting(cohort, NOW + timedelta(hours=20))
        assignment = Assignment(
            cohort_id=cohort.id,
            title="Saying no log",
            due_at_fixed=NOW - timedelta(days=1, hours=2),
        )
        db.session.add(assignment)
        db.session.flush()
        for person in people:
            db.session.add(Submission(assignment_id=assignment.id, user_id=person.id))
        db.session.add(AbsenceFlag(cohort_id=cohort.id, user_id=people[0].id, streak=2))
    db.session.commit()


def statements_per_scanner(count_queries) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for name, scanner in SCANNERS.items():
        with count_queries() as statements:
            scanner(NOW)
        db.session.rollback()  # leave the data as it was for the next size
        counts[name] = len(statements)
    return counts


@pytest.mark.parametrize("sizes", [((1, 2), (4, 6))])
def test_scanner_statement_counts_do_not_grow_with_data(app, factories, count_queries, sizes):
    (small_cohorts, small_members), (big_cohorts, big_members) = sizes
    build(factories, small_cohorts, small_members)
    small = statements_per_scanner(count_queries)
    build(factories, big_cohorts - small_cohorts, big_members)
    big = statements_per_scanner(count_queries)
    assert small == big
    assert all(count <= 8 for count in big.values()), big


def test_rows_from_the_scanners_at_the_larger_size(app, factories):
    build(factories, 3, 4)
    offered = {name: scanner(NOW) for name, scanner in SCANNERS.items()}
    # 1-hour reminders to 5 people x 3 cohorts; 24-hour ones for the later meeting too.
    assert offered["scan_meeting_reminders"] == 30
    assert offered["scan_homework"] == 12  # the 1-day overdue nudge, to each participant
    assert offered["scan_absences"] == 3
    # 8 am in London (BST) was 7:00 UTC: the facilitators' digests are due; the
    # participants' 8 am UTC is not yet.
    assert offered["scan_digests"] == 3
    db.session.commit()


def test_outbox_scan_statement_count_is_fixed(app, factories, count_queries):
    counts = []
    for size in (2, 8):
        build(factories, 1, size)
        for scanner in SCANNERS.values():
            scanner(NOW)
        db.session.commit()
        with count_queries() as statements:  # the scan up to the hand-over
            expire_passed()
            recover_stuck()
            found = due_ids()
        counts.append((len(statements), len(found)))
    assert counts[0][0] == counts[1][0]
    assert counts[0][1] < counts[1][1]


def test_checkin_and_risk_scanners_stay_fixed_with_assessment_data(app, factories, count_queries):
    counts = []
    built = 0
    for groups in (1, 3):
        with time_machine.travel(DURING_BASELINE, tick=False):
            for _ in range(groups - built):
                group = make_group(factories)
                answer_open(group.member, all_items(0, q9=1))  # an open risk alert
        built = groups
        later = DURING_BASELINE + timedelta(hours=1)  # alerts due for escalation
        sizes = {}
        for name in ("scan_checkins", "scan_risk_alerts"):
            with count_queries() as statements:
                offered = SCANNERS[name](later)
            db.session.rollback()
            sizes[name] = (len(statements), offered)
        counts.append(sizes)
    (small, big) = counts
    assert {k: v[0] for k, v in small.items()} == {k: v[0] for k, v in big.items()}
    assert all(big[k][1] > small[k][1] > 0 for k in big)


def test_statements_per_send_do_not_grow_with_data(app, factories, count_queries, smtp_server):
    """Sending one row of each scanner's kinds costs the same at two data sizes."""
    kinds = ("meeting_reminder", "homework_overdue", "absence_alert", "digest_facilitator")
    counts = []
    for cohorts, members in ((1, 2), (3, 12)):
        build(factories, cohorts, members)
        with time_machine.travel(NOW, tick=False):
            for scanner in SCANNERS.values():
                scanner(NOW)
            db.session.commit()
            sizes = {}
            for kind in kinds:
                newest = db.session.scalar(
                    sa.select(OutboxMessage.id)
                    .where(OutboxMessage.kind == kind, OutboxMessage.status == "queued")
                    .order_by(OutboxMessage.id.desc())
                    .limit(1)
                )
                with count_queries() as statements:
                    assert outbox.send_message(newest) == "sent"
                sizes[kind] = len(statements)
        counts.append(sizes)
    assert counts[0] == counts[1]
    assert all(count <= 20 for count in counts[1].values()), counts[1]


def _queued_reminders() -> list[int]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(OutboxMessage.kind == "meeting_reminder", OutboxMessage.status == "queued")
            .order_by(OutboxMessage.id)
        )
    )


def test_a_send_batch_runs_the_same_statements_for_few_rows_and_many(
    app, factories, count_queries, smtp_server
):
    """A worker batch of reminders: fixed statements, however many rows and people."""
    before = app.config["OUTBOX_MARK_SECONDS"]
    app.config["OUTBOX_MARK_SECONDS"] = 3600  # one mark at the end, as a fast batch has
    counts = []
    try:
        for cohorts, members in ((1, 2), (3, 5)):
            build(factories, cohorts, members)
            with time_machine.travel(NOW, tick=False):
                SCANNERS["scan_meeting_reminders"](NOW)
                db.session.commit()
                ids = _queued_reminders()
                with count_queries() as statements:
                    outcomes = outbox.send_many(ids)
            assert {outcome.status for outcome in outcomes.values()} == {"sent"}
            assert len(outcomes) == len(ids)
            counts.append((len(ids), len(statements)))
    finally:
        app.config["OUTBOX_MARK_SECONDS"] = before
    (few, small), (many, large) = counts
    assert few < many  # one cohort's reminders, then four cohorts'
    assert small == large, counts
    assert large <= 14, counts
    sent = smtp_server.wait_for(few + many)
    assert len({str(message["Message-ID"]) for message in sent}) == few + many
