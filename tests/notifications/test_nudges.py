"""Nudges from the completion grid and the check-in overview: who is reminded, how often."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from werkzeug.datastructures import MultiDict

from groupapp.assessments.models import AssessmentResponse
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from groupapp.homework.services import submit
from groupapp.notifications.models import NotificationPreference, Nudge, UndeliverableAddress
from groupapp.notifications.nudges import (
    CHECKIN_KIND,
    HOMEWORK_KIND,
    NudgeRefused,
    nudge_checkin,
    nudge_homework,
)
from tests.assessments.groups import DURING_BASELINE, make_group
from tests.cohorts.builders import enrol
from tests.homework.support import THOUGHT_RECORD, build, logout, post
from tests.trust.audit import assert_audited


def reminders(kind: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        )
    )


def homework_with_everyone(factories):  # type: ignore[no-untyped-def]
    """Alice handed in; Bob has not; Cleo turned homework emails off; Dev's address bounces."""
    hw = build(factories)
    cleo, dev = enrol(hw.world, factories, 2)
    db.session.add(NotificationPreference(user_id=cleo.id, disabled=["homework"]))
    db.session.add(UndeliverableAddress(email=dev.email, user_id=dev.id, reason="550"))
    assignment = hw.give()
    submit(hw.submission(assignment, hw.alice), MultiDict(THOUGHT_RECORD))
    db.session.commit()
    return hw, assignment


def test_a_nudge_reminds_only_those_still_open_and_reachable(factories) -> None:  # type: ignore[no-untyped-def]
    hw, assignment = homework_with_everyone(factories)
    result = nudge_homework(assignment, hw.facilitator)
    db.session.commit()
    assert result.reminded == 1
    [row] = reminders(HOMEWORK_KIND)
    assert row.recipient_id == hw.bob.id
    assert row.params == {"submission_id": hw.submission(assignment, hw.bob).id}
    nudge = db.session.scalar(sa.select(Nudge))
    assert (nudge.item, nudge.reminded, nudge.sent_by_id) == (
        f"homework:{assignment.id}",
        1,
        hw.facilitator.id,
    )


def test_a_second_nudge_within_twelve_hours_is_refused_then_allowed(factories) -> None:  # type: ignore[no-untyped-def]
    hw, assignment = homework_with_everyone(factories)
    start = utcnow()
    with time_machine.travel(start, tick=False):
        nudge_homework(assignment, hw.facilitator)
        db.session.commit()
    with time_machine.travel(start + timedelta(hours=11, minutes=59), tick=False):
        with pytest.raises(NudgeRefused, match="The next one can go from"):
            nudge_homework(assignment, hw.facilitator)
        db.session.rollback()
    assert len(reminders(HOMEWORK_KIND)) == 1
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        assert nudge_homework(assignment, hw.facilitator).reminded == 1
        db.session.commit()
    assert [r.recipient_id for r in reminders(HOMEWORK_KIND)] == [hw.bob.id, hw.bob.id]
    assert len({r.dedupe_key for r in reminders(HOMEWORK_KIND)}) == 2


def test_nobody_to_remind_is_said_and_claims_nothing(factories) -> None:  # type: ignore[no-untyped-def]
    hw = build(factories)
    assignment = hw.give()
    for person in (hw.alice, hw.bob):
        submit(hw.submission(assignment, person), MultiDict(THOUGHT_RECORD))
    db.session.commit()
    with pytest.raises(NudgeRefused, match="nobody to remind"):
        nudge_homework(assignment, hw.facilitator)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Nudge)) == 0


def test_the_grid_button_sends_once_and_shows_the_last_nudge(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    hw, assignment = homework_with_everyone(factories)
    login(hw.facilitator)
    grid = f"/homework/cohorts/{hw.cohort.id}/grid"
    page = client.get(grid).get_data(as_text=True)
    assert "Remind those who have not done it (3)" in page  # Bob, Cleo and Dev are open
    action = f"/notifications/nudges/homework/{assignment.id}"
    done = post(client, action, {}, follow_redirects=True).get_data(as_text=True)
    assert "Reminded 1 member" in done
    assert "Last reminder" in done
    assert "1 reminded" in done
    assert "The next reminder can go from" in done
    again = post(client, action, {}, follow_redirects=True).get_data(as_text=True)
    assert "A reminder for this went out" in again
    [row] = reminders(HOMEWORK_KIND)
    assert row.status == "sent"  # handed over after the commit (inline in tests)
    assert_audited("nudge.sent", actor=hw.facilitator, object=hw.cohort)


def test_the_reminder_is_not_sent_once_the_work_is_handed_in(factories) -> None:  # type: ignore[no-untyped-def]
    from groupapp.notifications.nudge_emails import build_homework_reminder

    hw, assignment = homework_with_everyone(factories)
    nudge_homework(assignment, hw.facilitator)
    db.session.commit()
    [row] = reminders(HOMEWORK_KIND)
    content = build_homework_reminder(row)
    assert content is not None
    assert assignment.title in content.subject
    assert THOUGHT_RECORD["situation"] not in content.text
    submit(hw.submission(assignment, hw.bob), MultiDict(THOUGHT_RECORD))
    db.session.commit()
    assert build_homework_reminder(row) is None


@time_machine.travel(DURING_BASELINE, tick=False)
def test_a_checkin_nudge_reminds_members_who_have_not_answered(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    group = make_group(factories)
    db.session.add(
        AssessmentResponse(
            organisation_id=group.org.id,
            cohort_id=group.cohort.id,
            user_id=group.member.id,
            schedule_id=group.schedule.id,
            instrument_id=group.schedule.instrument_id,
            instrument_version_id=group.schedule.instrument.current_version_id,
            occurrence_key="baseline",
            due_on=DURING_BASELINE.date(),
            status="submitted",
            answers={},
            submitted_at=utcnow(),
        )
    )
    db.session.commit()
    login(group.lead)
    page = client.get(f"/assessments/cohorts/{group.cohort.id}/schedules").get_data(as_text=True)
    assert "1 answered, 1 not yet" in page
    action = f"/notifications/nudges/checkins/{group.schedule.id}/baseline"
    done = post(client, action, {}, follow_redirects=True).get_data(as_text=True)
    assert "Reminded 1 member" in done
    [row] = reminders(CHECKIN_KIND)
    assert row.recipient_id == group.other_member.id
    assert row.params["key"] == "baseline"
    with pytest.raises(NudgeRefused):
        nudge_checkin(group.schedule, "baseline", group.co)
    db.session.rollback()
    with pytest.raises(NudgeRefused, match="not open"):
        nudge_checkin(group.schedule, "week-4", group.lead)


def _statements(client, count_queries, path: str) -> int:  # type: ignore[no-untyped-def]
    client.get(path)
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_the_grid_with_nudges_runs_a_fixed_number_of_statements(  # type: ignore[no-untyped-def]
    client, factories, login, count_queries
) -> None:
    counts = []
    for size in (1, 3):
        hw = build(factories)
        enrol(hw.world, factories, 2 * size)
        for _ in range(size):
            nudge_homework(hw.give(), hw.facilitator)
        db.session.commit()
        login(hw.facilitator)
        counts.append(_statements(client, count_queries, f"/homework/cohorts/{hw.cohort.id}/grid"))
        logout(client)
    assert counts[0] == counts[1]


@time_machine.travel(DURING_BASELINE, tick=False)
def test_the_checkin_overview_runs_a_fixed_number_of_statements(  # type: ignore[no-untyped-def]
    client, factories, login, count_queries
) -> None:
    from groupapp.cohorts.models import Membership

    counts = []
    for size in (1, 4):
        group = make_group(factories)
        for _ in range(2 * size):
            person = factories.user("participant", group.org)
            db.session.add(
                Membership(
                    cohort_id=group.cohort.id,
                    user_id=person.id,
                    status="active",
                    joined_on=DURING_BASELINE.date(),
                )
            )
        db.session.commit()
        nudge_checkin(group.schedule, "baseline", group.lead)
        db.session.commit()
        login(group.lead)
        path = f"/assessments/cohorts/{group.cohort.id}/schedules"
        counts.append(_statements(client, count_queries, path))
        logout(client)
    assert counts[0] == counts[1]


def test_two_nudges_at_the_same_moment_send_one_round(app, factories) -> None:  # type: ignore[no-untyped-def]
    # Two facilitators (or two tabs) click at once: the conditional claim lets one through.
    import threading

    from groupapp.accounts.models import User
    from groupapp.homework.models import Assignment

    hw, assignment = homework_with_everyone(factories)
    ids = (assignment.id, hw.facilitator.id)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        with app.app_context():
            work = db.session.get(Assignment, ids[0])
            actor = db.session.get(User, ids[1])
            barrier.wait()
            try:
                nudge_homework(work, actor)
                db.session.commit()
                outcomes.append("sent")
            except NudgeRefused:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "sent"]
    assert len(reminders(HOMEWORK_KIND)) == 1
