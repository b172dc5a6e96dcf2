"""Own reminders through beat, the outbox and a real worker: one email per moment, once."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from groupapp.reminders import services
from groupapp.reminders.emails import KIND
from groupapp.reminders.models import OwnReminder
from tests.support.factories import Factories
from tests.worker.conftest import wait_until

pytestmark = pytest.mark.worker


def _sent() -> int:
    db.session.expire_all()
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                OutboxMessage.kind == KIND, OutboxMessage.status == "sent"
            )
        )
        or 0
    )


def test_two_beats_and_a_worker_send_each_due_reminder_once(any_db_stack) -> None:  # type: ignore[no-untyped-def]
    stack = any_db_stack
    app = stack.app()
    with app.app_context():
        factories = Factories()
        people = [factories.user("participant") for _ in range(3)]  # on UTC clocks
        # Set for the minute that has just passed, so its moment has just come.
        due = (utcnow() - timedelta(minutes=1)).replace(second=0, microsecond=0)
        for person in people:
            reminder = services.add_reminder(
                person,
                services.ReminderFields(
                    "Notice one moment you said yes and meant no",
                    "practice",
                    due.time(),
                    tuple(range(7)),
                ),
            )
            reminder.next_due_at = due
        db.session.commit()
    stack.worker("--concurrency=2", "--pool=prefork")
    first, second = stack.beat(0), stack.beat(1)
    with app.app_context():
        assert wait_until(lambda: _sent() == 3, timeout=40)
    time.sleep(2.5)  # both beats keep scanning: nothing more is written or sent
    stack.kill(first)
    stack.kill(second)
    with app.app_context():
        assert _sent() == 3
        later = db.session.scalars(sa.select(OwnReminder.next_due_at)).all()
        assert all(moment > utcnow() for moment in later)
    arrived = Counter(str(m["To"]) for m in stack.smtp.messages)
    assert sorted(arrived.values()) == [1, 1, 1]
    assert all(
        "said yes and meant no" in m.get_body(("plain",)).get_content() for m in stack.smtp.messages
    )
