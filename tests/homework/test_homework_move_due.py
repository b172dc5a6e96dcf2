"""Moving a due date: members still working are told, reminders follow, lateness follows."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import time_machine
from werkzeug.datastructures import MultiDict

from groupapp.core.outbox import OutboxMessage, enqueue, send_message
from groupapp.core.timezones import format_for_viewer, to_utc
from groupapp.db import db, utcnow
from groupapp.homework.changes import move_due
from groupapp.homework.models import LATE, SUBMITTED
from groupapp.homework.notices import DUE_CHANGED, DUE_SOON
from groupapp.homework.services import Due, submit
from tests.homework.support import THOUGHT_RECORD, Homework, post
from tests.trust.audit import assert_audited

EVENING = time(19, 30)


def _day(days_ahead: int) -> date:
    return (utcnow() + timedelta(days=days_ahead)).date()


def _rows(kind: str, submission_id: int) -> list[OutboxMessage]:
    return [
        m
        for m in db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.kind == kind))
        if m.params.get("submission_id") == submission_id
    ]


def _move(client, assignment, **form):  # type: ignore[no-untyped-def]
    return post(client, f"/homework/assignments/{assignment.id}/due", form)


def _handed_in(hw: Homework, assignment, user) -> None:  # type: ignore[no-untyped-def]
    submit(hw.submission(assignment, user), MultiDict(THOUGHT_RECORD))
    db.session.commit()


def test_moving_to_a_date_tells_members_still_working_and_moves_the_reminder(  # type: ignore[no-untyped-def]
    hw, client, login, smtp_server
):
    assignment = hw.give(due=Due(meeting_number=2))
    _handed_in(hw, assignment, hw.bob)
    alice = hw.submission(assignment, hw.alice)
    (old_reminder,) = _rows(DUE_SOON, alice.id)

    login(hw.facilitator)
    page = client.get(f"/homework/assignments/{assignment.id}/due").get_data(as_text=True)
    assert "Change when “Thought record” is due" in page
    assert 'value="2"' in page  # the current choice, meeting 2, is filled in
    new_day = _day(20)
    response = _move(client, assignment, due_kind="time", due_date=f"{new_day}", due_time="19:30")
    assert response.status_code == 302

    db.session.expire_all()
    new_due = to_utc(datetime.combine(new_day, EVENING), hw.cohort.timezone)
    assert assignment.due_at == new_due
    assert assignment.due_meeting_id is None
    # Bob handed it in already: his status stays, and only Alice is told.
    assert hw.submission(assignment, hw.bob).status in (SUBMITTED, LATE)
    (message,) = [m for m in smtp_server.messages if m["Subject"].startswith("New due date")]
    assert message["To"] == hw.alice.email
    assert message["Subject"] == "New due date: Thought record"
    text = message.get_body(("plain",)).get_content()
    assert f"It is now due {format_for_viewer(new_due, hw.alice.timezone)}" in text
    assert f"/homework/{alice.id}" in text
    assert assignment.instructions[:40] not in message.as_string()

    # The reminder for the old time is withdrawn; a new one waits for the new time.
    assert db.session.get(OutboxMessage, old_reminder.id).status == "skipped"
    (fresh,) = [m for m in _rows(DUE_SOON, alice.id) if m.status == "queued"]
    assert fresh.send_after == new_due - timedelta(hours=24)
    assert fresh.expires_at == new_due
    assert f"{new_due:%Y%m%dT%H%M}" in fresh.dedupe_key
    (changed,) = _rows(DUE_CHANGED, alice.id)
    assert f"{new_due:%Y%m%dT%H%M}" in changed.dedupe_key
    assert changed.status == "sent"

    event = assert_audited("homework.assignment.move_due", actor=hw.facilitator, object=assignment)
    assert new_due.isoformat() in (event.reason or "")


def test_moving_to_before_another_meeting(hw, client, login):  # type: ignore[no-untyped-def]
    assignment = hw.give(due=Due(local=datetime.combine(_day(3), EVENING)))
    login(hw.facilitator)
    _move(client, assignment, due_kind="meeting", meeting_number="4")
    db.session.expire_all()
    assert assignment.due_meeting_number == 4
    assert assignment.due_at == hw.world.meetings()[3].starts_at

    page = _move(client, assignment, due_kind="meeting", meeting_number="99")
    assert "This cohort has no meeting 99." in page.get_data(as_text=True)
    page = _move(client, assignment, due_kind="meeting", meeting_number="4")
    assert "already due then" in page.get_data(as_text=True)
    db.session.expire_all()
    assert assignment.due_meeting_number == 4
    assert len(_rows(DUE_CHANGED, hw.submission(assignment, hw.alice).id)) == 1


def test_a_reminder_written_for_the_old_time_is_not_sent(hw, smtp_server):  # type: ignore[no-untyped-def]
    first = to_utc(datetime.combine(_day(5), EVENING), hw.cohort.timezone)
    assignment = hw.give(due=Due(local=datetime.combine(_day(5), EVENING)))
    move_due(assignment, Due(local=datetime.combine(_day(12), EVENING)))
    db.session.commit()
    alice = hw.submission(assignment, hw.alice)
    # A row for the first due time that no withdrawal reached (as a scanner might write).
    stale = enqueue(DUE_SOON, hw.alice, "test:stale", {"submission_id": alice.id}, expires_at=first)
    db.session.commit()
    assert stale is not None
    with time_machine.travel(first - timedelta(hours=2), tick=False):
        assert send_message(stale.id) == "skipped"
    (fresh,) = [m for m in _rows(DUE_SOON, alice.id) if m.status == "queued"]
    with time_machine.travel(fresh.send_after + timedelta(minutes=1), tick=False):
        assert send_message(fresh.id) == "sent"
    (reminder,) = smtp_server.messages
    assert reminder["To"] == hw.alice.email
    assert "due soon" in reminder["Subject"]


def test_lateness_follows_the_new_due_time_for_work_not_yet_handed_in(hw):  # type: ignore[no-untyped-def]
    assignment = hw.give(due=Due(local=datetime.combine(_day(5), EVENING)))
    _handed_in(hw, assignment, hw.bob)
    assert hw.submission(assignment, hw.bob).status == SUBMITTED
    yesterday = datetime.combine(_day(-2), EVENING)  # past in every zone at any hour
    move_due(assignment, Due(local=yesterday))
    db.session.commit()
    assert hw.submission(assignment, hw.bob).status == SUBMITTED  # handed in on time
    assert hw.submission(assignment, hw.alice).is_overdue()
    _handed_in(hw, assignment, hw.alice)
    assert hw.submission(assignment, hw.alice).status == LATE
