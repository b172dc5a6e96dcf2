"""The intake reminder through the outbox and a real worker: one email per person, once."""

from __future__ import annotations

import time

import pytest

from groupapp.core import outbox
from groupapp.core.outbox import SEND_TASK
from groupapp.notifications.scanning import run_scanner
from tests.intake.test_reminder import group_with_one_intake, reminder_rows
from tests.support.factories import Factories
from tests.worker.conftest import wait_until

pytestmark = pytest.mark.worker


def test_the_worker_sends_the_reminder_exactly_once(stack) -> None:  # type: ignore[no-untyped-def]
    app = stack.app()
    stack.worker("--concurrency=2", "--pool=prefork")
    with app.app_context():
        world, _first = group_with_one_intake(Factories())
        owing = world.members[1].email
        run_scanner("scan_intake", hand_over=False)  # now: the first meeting is near
        assert len(reminder_rows()) == 2
        outbox.hand_over_many([r.id for r in reminder_rows()])
        assert wait_until(lambda: {r.status for r in reminder_rows()} == {"sent"})
        celery = app.extensions["celery"]
        for row in reminder_rows():  # handed over again (a retried beat): nothing more is sent
            celery.send_task(SEND_TASK, args=[row.id])
        time.sleep(1.5)
        assert {r.status for r in reminder_rows()} == {"sent"}
    received = [m for m in stack.smtp.messages if owing in str(m["To"])]
    assert len(received) == 1
    assert "first meeting" in str(received[0]["Subject"])
