"""A facilitator's nudge through the outbox and a real worker: one email per person, once."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from groupapp.core import outbox
from groupapp.core.outbox import SEND_TASK, OutboxMessage
from groupapp.db import db
from groupapp.homework.services import submit
from groupapp.notifications.nudges import HOMEWORK_KIND, NudgeRefused, nudge_homework
from tests.homework.support import THOUGHT_RECORD, build
from tests.support.factories import Factories
from tests.worker.conftest import wait_until

pytestmark = pytest.mark.worker


def _reminder_statuses() -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage.status).where(OutboxMessage.kind == HOMEWORK_KIND)
        )
    )


def test_a_nudge_reaches_each_open_member_once_and_a_repeat_is_refused(stack) -> None:  # type: ignore[no-untyped-def]
    app = stack.app()
    stack.worker("--concurrency=2", "--pool=prefork")
    with app.app_context():
        hw = build(Factories())
        assignment = hw.give()
        submit(hw.submission(assignment, hw.alice), MultiDict(THOUGHT_RECORD))
        db.session.commit()
        # Earlier notices (homework assigned) are not what this test counts.
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.kind != HOMEWORK_KIND)
            .values(status="skipped")
        )
        db.session.commit()

        assert nudge_homework(assignment, hw.facilitator).reminded == 1
        db.session.commit()
        outbox.dispatch_committed()
        with pytest.raises(NudgeRefused):
            nudge_homework(assignment, hw.facilitator)
        db.session.rollback()
        assert wait_until(lambda: _reminder_statuses() == ["sent"])

        # The same row handed over again (a retried request, a restarted beat) sends nothing.
        [row_id] = db.session.scalars(
            sa.select(OutboxMessage.id).where(OutboxMessage.kind == HOMEWORK_KIND)
        ).all()
        celery = app.extensions["celery"]
        for _ in range(5):
            celery.send_task(SEND_TASK, args=[row_id])
        time.sleep(1.5)
        bob_email = hw.bob.email
        assert _reminder_statuses() == ["sent"]
    received = [m for m in stack.smtp.messages if bob_email in str(m["To"])]
    assert len(received) == 1
    assert "reminder" in str(received[0]["Subject"]).lower()
    assert not [m for m in stack.smtp.messages if "reminder" in str(m["Subject"]).lower()][1:]
