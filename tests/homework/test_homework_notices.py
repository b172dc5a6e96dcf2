"""Homework emails render at send time and stay quiet once they no longer apply."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from werkzeug.datastructures import MultiDict

from groupapp.core.outbox import enqueue, send_message
from groupapp.db import db
from groupapp.homework.notices import DUE_SOON, OVERDUE
from groupapp.homework.services import Due, submit
from tests.homework.support import THOUGHT_RECORD


def _queue(kind: str, sub) -> int:  # type: ignore[no-untyped-def]
    message = enqueue(kind, sub.user, f"test:{kind}:{sub.id}", {"submission_id": sub.id})
    db.session.commit()
    assert message is not None
    return message.id


def test_overdue_and_due_soon_are_sent_only_while_the_work_is_not_handed_in(hw, smtp_server):  # type: ignore[no-untyped-def]
    assignment = hw.give(due=Due(local=datetime(2026, 3, 9, 21, 0)))  # noqa: DTZ001 - wall clock
    waiting, done = hw.submission(assignment, hw.alice), hw.submission(assignment, hw.bob)
    submit(done, MultiDict(THOUGHT_RECORD))
    db.session.commit()
    with time_machine.travel(datetime(2026, 3, 11, 12, 0, tzinfo=UTC), tick=False):
        assert send_message(_queue(OVERDUE, waiting)) == "sent"
        assert send_message(_queue(OVERDUE, done)) == "skipped"
        assert send_message(_queue(DUE_SOON, done)) == "skipped"
    (message,) = [m for m in smtp_server.messages if "past its due time" in m["Subject"]]
    assert message["To"] == hw.alice.email
    text = message.get_body(("plain",)).get_content()
    assert "was due Tue 10 Mar 2026" in text
    assert f"/homework/{waiting.id}" in text
    html = message.get_body(("html",)).get_content()
    assert "Thought record" in html


def test_due_soon_reminder_names_the_time_in_the_recipients_zone(hw, smtp_server):  # type: ignore[no-untyped-def]
    assignment = hw.give(due=Due(local=datetime(2026, 12, 9, 21, 0)))  # noqa: DTZ001 - wall clock
    sub = hw.submission(assignment, hw.alice)
    assert send_message(_queue(DUE_SOON, sub)) == "sent"
    (message,) = [m for m in smtp_server.messages if "due soon" in m["Subject"]]
    # 21:00 in New York is 02:00 the next day in London, where Alice lives.
    assert "Thu 10 Dec 2026" in message.get_body(("plain",)).get_content()
    assert "2:00 am GMT" in message.get_body(("plain",)).get_content()
