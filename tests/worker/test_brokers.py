"""Both brokers work, and a broker that is down loses nothing."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.notifications.dispatch import scan_outbox
from tests.conftest import csrf_token
from tests.support.factories import Factories
from tests.worker.conftest import wait_until
from tests.worker.test_exactly_once import queue_messages, statuses

pytestmark = pytest.mark.worker

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_embedded_filesystem_broker_delivers(fs_stack):
    app = fs_stack.app()
    fs_stack.worker("--concurrency=1", "--pool=solo")
    with app.app_context():
        ids = queue_messages(3)
        scan_outbox()
        assert wait_until(lambda: statuses() == {"sent": 3})
    assert len(fs_stack.smtp.messages) == len(ids)


def test_pages_work_while_the_broker_is_down_and_mail_follows_when_it_returns(fs_stack):
    down = fs_stack.app(broker_url=DEAD_BROKER)
    with down.app_context():
        user = Factories().user("participant", email="river@example.com")
        email = user.email
    client = down.test_client()
    started = time.monotonic()
    response = client.post(
        "/password/forgot",
        data={"email": email, "csrf_token": csrf_token(client, "/password/forgot")},
    )
    assert response.status_code in (200, 302)
    elapsed = time.monotonic() - started
    print(f"request with the broker down: {elapsed:.2f}s")
    assert elapsed < 5
    with down.app_context():
        rows = db.session.scalars(sa.select(OutboxMessage)).all()
        assert [(r.kind, r.status, r.handed_at) for r in rows] == [
            ("password_reset", "queued", None)
        ]

    # The broker is back: the next scan hands the row over and the worker sends it.
    fs_stack.worker("--concurrency=1", "--pool=solo")
    up = fs_stack.app()
    with up.app_context():
        assert scan_outbox().handed == 1
        assert wait_until(lambda: statuses() == {"sent": 1})
    assert [str(m["To"]) for m in fs_stack.smtp.messages] == [email]
