"""Exactly once with a real worker: concurrency, retries, bounces, kills and two beats."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from groupapp.core import outbox
from groupapp.core.outbox import SEND_TASK, OutboxMessage
from groupapp.db import db, utcnow
from groupapp.notifications.models import UndeliverableAddress
from tests.support.factories import Factories
from tests.worker.conftest import statuses, wait_until

pytestmark = pytest.mark.worker


def queue_messages(count: int, send_after_seconds: float = 0) -> list[int]:
    """``count`` password-reset rows for different people, due after the given delay."""
    factories = Factories()
    org = factories.org()
    ids = []
    for n in range(count):
        user = factories.user("participant", org=org)
        when = utcnow() + timedelta(seconds=send_after_seconds * n)
        message = outbox.enqueue(
            "password_reset", user, f"password_reset:{user.id}:t{n}", None, when
        )
        ids.append(message.id)
    db.session.commit()
    return ids


def test_the_same_send_task_ten_times_at_once_gives_one_email(any_db_stack):
    stack = any_db_stack
    app = stack.app()
    stack.worker("--concurrency=4", "--pool=prefork")
    with app.app_context():
        [message_id] = queue_messages(1)
        celery = app.extensions["celery"]
        for _ in range(10):
            celery.send_task(SEND_TASK, args=[message_id])
        assert wait_until(lambda: statuses() == {"sent": 1})
        time.sleep(1.0)  # every duplicate task has run by now
        assert len(stack.smtp.messages) == 1
        assert db.session.get(OutboxMessage, message_id).attempts == 1


def test_transient_failures_then_success_deliver_once_and_5xx_marks_the_address(any_db_stack):
    stack = any_db_stack
    app = stack.app()
    stack.smtp.fail_next(["451 Greylisted, try later"] * 3)
    stack.worker("--concurrency=1", "--pool=solo")
    with app.app_context():
        [first] = queue_messages(1)
        outbox.hand_over_many([first])
        assert wait_until(lambda: statuses() == {"sent": 1})
        row = db.session.get(OutboxMessage, first)
        assert row.attempts == 4
        assert len(stack.smtp.messages) == 1

        stack.smtp.fail_next(["550 5.1.1 No such user"])
        [second] = queue_messages(1)
        outbox.hand_over_many([second])
        assert wait_until(lambda: statuses() == {"sent": 1, "failed": 1})
        time.sleep(1.0)  # no retry follows
        row = db.session.get(OutboxMessage, second)
        assert row.attempts == 1
        assert len(stack.smtp.messages) == 1
        mark = db.session.scalar(sa.select(UndeliverableAddress))
        assert mark.email == row.recipient_email
        assert "550" in mark.reason


def test_sigkill_mid_batch_several_times_loses_nothing(stack):
    stack.smtp.delay = 0.15
    # Each outcome written as soon as it is known: a kill can then resend only the one
    # message the server was accepting (with the default, what it accepted in a second).
    stack.env["OUTBOX_MARK_SECONDS"] = "0"
    app = stack.app()
    kills = 3
    with app.app_context():
        ids = queue_messages(16)
        outbox.hand_over_many(ids)
        for _ in range(kills):
            process = stack.worker("--concurrency=1", "--pool=solo")
            time.sleep(0.6)
            stack.kill(process)  # SIGKILL: no chance to finish or acknowledge
        interrupted = statuses()
        assert interrupted["sent"] < 16  # the kills did fall mid-batch
        stack.smtp.delay = 0.0
        stack.worker("--concurrency=2", "--pool=prefork")
        beat = stack.beat()  # the scan recovers interrupted rows and re-hands the rest
        assert wait_until(lambda: statuses() == {"sent": 16}, timeout=40)
        stack.kill(beat)
    arrived = Counter(str(m["Message-ID"]) for m in stack.smtp.messages)
    with app.app_context():
        expected = {db.session.get(OutboxMessage, i).message_id for i in ids}
    assert set(arrived) == expected  # nothing lost
    resent = sum(count - 1 for count in arrived.values())
    # Only a kill between the server's acceptance and the status update resends a message.
    assert resent <= kills
    print(f"SIGKILL x{kills}: {len(arrived)} messages, {resent} resent")


def test_two_beat_processes_produce_no_duplicates(stack):
    app = stack.app()
    with app.app_context():
        ids = queue_messages(12, send_after_seconds=0.4)  # due one after another
    stack.worker("--concurrency=2", "--pool=prefork")
    first, second = stack.beat(0), stack.beat(1)
    with app.app_context():
        assert wait_until(lambda: statuses() == {"sent": 12}, timeout=30)
    time.sleep(2.0)  # both beats keep scanning for a while
    stack.kill(first)
    stack.kill(second)
    arrived = Counter(str(m["Message-ID"]) for m in stack.smtp.messages)
    assert len(arrived) == len(ids)
    assert set(arrived.values()) == {1}
