"""Reminder batches through a real worker: every email once, handed over twice or not."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from groupapp.core import outbox
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from groupapp.notifications.scanning import SCANNERS
from tests.notifications.conftest import add_meeting
from tests.support.factories import Factories
from tests.worker.conftest import statuses, wait_until

pytestmark = pytest.mark.worker


def test_reminder_batches_arrive_once_each_even_when_handed_over_twice(any_db_stack):
    stack = any_db_stack
    app = stack.app()
    stack.worker("--concurrency=2", "--pool=prefork")
    with app.app_context():
        factories = Factories()
        org = factories.org()
        for _ in range(4):
            lead = factories.user("facilitator", org=org)
            people = [factories.user("participant", org=org) for _ in range(11)]
            cohort = factories.cohort(org, facilitators=[lead], participants=people)
            add_meeting(cohort, utcnow() + timedelta(minutes=40))
        db.session.execute(sa.update(OutboxMessage).values(status="skipped"))  # invitations
        db.session.commit()
        assert SCANNERS["scan_meeting_reminders"](utcnow()) == 48
        db.session.commit()
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.status == "queued")
        ).all()
        ids = [row.id for row in rows]
        expected = {row.message_id for row in rows}
        # Handed over twice, in batches that overlap: a restarted beat, a retried request.
        outbox.hand_over_many(ids)
        db.session.execute(sa.update(OutboxMessage).values(handed_at=None))
        db.session.commit()
        outbox.hand_over_many(ids[7:] + ids[:7])
        assert wait_until(lambda: statuses()["sent"] == len(ids), timeout=60)
        time.sleep(1.0)  # any duplicate task has run by now
        final = statuses()
        assert final["sent"] == len(ids)
        assert set(final) <= {"sent", "skipped"}, final
    arrived = Counter(str(message["Message-ID"]) for message in stack.smtp.messages)
    assert set(arrived) == expected  # nothing lost, nothing else sent
    assert set(arrived.values()) == {1}  # nothing twice
