"""The meeting feedback request through the outbox and a real worker: once per member,
never to someone who switched it off."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from groupapp.core import outbox
from groupapp.core.outbox import SEND_TASK, OutboxMessage
from groupapp.db import db
from groupapp.feedback.notices import REQUEST
from groupapp.notifications.preferences import unsubscribe
from groupapp.notifications.scanning import run_scanner
from tests.cohorts.builders import enrol, make_cohort
from tests.feedback.builders import ended_meeting
from tests.support.factories import Factories
from tests.worker.conftest import wait_until

pytestmark = pytest.mark.worker


def _requests() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == REQUEST).order_by(OutboxMessage.id)
        )
    )


def test_the_worker_sends_each_request_once_and_respects_preferences(stack) -> None:  # type: ignore[no-untyped-def]
    app = stack.app()
    stack.worker("--concurrency=2", "--pool=prefork")
    with app.app_context():
        factories = Factories()
        world = make_cohort(factories)
        asked, opted_out = enrol(world, factories, 2)
        unsubscribe(opted_out.id, "meeting_feedback")
        db.session.commit()
        ended_meeting(world)
        asked_email, opted_email = asked.email, opted_out.email
        run_scanner("scan_feedback", hand_over=False)
        run_scanner("scan_feedback", hand_over=False)  # a second beat: no new rows
        assert len(_requests()) == 2
        outbox.hand_over_many([r.id for r in _requests()])
        assert wait_until(lambda: {r.status for r in _requests()} == {"sent", "skipped"})
        celery = app.extensions["celery"]
        for row in _requests():  # handed over again (a retried beat): nothing more is sent
            celery.send_task(SEND_TASK, args=[row.id])
        time.sleep(1.5)
        assert sorted(r.status for r in _requests()) == ["sent", "skipped"]
    received = [m for m in stack.smtp.messages if "How was today" in str(m["Subject"])]
    assert [str(m["To"]) for m in received] == [asked_email]
    assert not [m for m in stack.smtp.messages if opted_email in str(m["To"])]
    assert "List-Unsubscribe" in received[0]
