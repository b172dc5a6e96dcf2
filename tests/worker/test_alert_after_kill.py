"""A risk alert held by a worker killed mid-send still reaches the facilitators quickly."""

from __future__ import annotations

import time
from collections import Counter

import pytest
import sqlalchemy as sa

from groupapp.config import load_settings
from groupapp.core import outbox
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from tests.assessments.groups import make_group
from tests.assessments.scored import answer_open
from tests.assessments.test_checkin_flow import all_items
from tests.support.factories import Factories
from tests.worker.conftest import wait_until

pytestmark = pytest.mark.worker


def alert_rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "risk_alert").order_by("id")
        )
    )


def test_sigkill_while_sending_a_risk_alert_delays_it_by_the_short_lease_only(stack):
    # Ordinary rows keep the ten-minute lease; essential ones get a short one (3 s here,
    # 45 s by default), and beat scans every second here (every minute by default).
    stack.env["OUTBOX_SENDING_TIMEOUT_SECONDS"] = "600"
    stack.env["OUTBOX_ESSENTIAL_SENDING_TIMEOUT_SECONDS"] = "3"
    stack.smtp.delay = 4.0  # the server takes its time: the kill falls mid-send
    app = stack.app()
    with app.app_context():
        group = make_group(Factories(), joined_on=utcnow().date())
        answer_open(group.member, all_items(0, q9=2))  # writes one alert row per facilitator
        ids = [row.id for row in alert_rows()]
        assert len(ids) == 2
        process = stack.worker("--concurrency=1", "--pool=solo")
        outbox.hand_over_many(ids)
        assert wait_until(lambda: any(r.status == "sending" for r in alert_rows()), timeout=20)
        time.sleep(0.5)  # inside the SMTP conversation
        stack.kill(process)  # SIGKILL: nothing is finished or acknowledged
        killed_at = time.monotonic()
        # One alert is mid-send, the other claimed with it and waiting its turn.
        assert [r.status for r in alert_rows()] == ["sending", "sending"]

        stack.smtp.delay = 0.0
        stack.worker("--concurrency=1", "--pool=solo")
        stack.beat()
        assert wait_until(lambda: [r.status for r in alert_rows()] == ["sent"] * 2, timeout=60)
        recovered_after = time.monotonic() - killed_at
    # Lease (3 s) + a scan (1 s) + sending; far below the 600 s ordinary rows would wait.
    assert recovered_after < 20, recovered_after
    with app.app_context():
        expected = {db.session.get(OutboxMessage, i).message_id for i in ids}
    # Beat's scanners send the group's other news too (the open check-in): alerts only.
    arrived = Counter(
        str(m["Message-ID"]) for m in stack.smtp.messages if str(m["Message-ID"]) in expected
    )
    assert set(arrived) == expected
    # At most the one message the server was accepting when the worker died comes twice.
    assert sum(arrived.values()) - len(arrived) <= 1
    print(f"alert re-sent {recovered_after:.1f} s after the kill")


def test_default_lease_and_beat_bring_an_alert_back_within_two_minutes(tmp_path):
    settings = load_settings(str(tmp_path), {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/15"})
    lease = settings["OUTBOX_ESSENTIAL_SENDING_TIMEOUT_SECONDS"]
    beat = settings["BEAT_INTERVAL_SECONDS"]
    smtp_timeout = 30  # core.mail: one SMTP operation at most
    # A kill just after the claim: back in the queue at the first scan after the lease.
    assert lease + beat <= 120 - smtp_timeout / 2
    # And the lease outlasts a healthy send, so a slow server is not mistaken for a kill.
    assert lease > smtp_timeout
    assert settings["OUTBOX_SENDING_TIMEOUT_SECONDS"] == 600
