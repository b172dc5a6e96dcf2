"""Sending outbox messages."""

from __future__ import annotations

import logging
from collections import Counter

from celery import Task, shared_task

from groupapp.core import outbox
from groupapp.db import db

log = logging.getLogger(__name__)

#: Longer delays are left to the periodic scan, so no task waits long with an ETA.
MAX_COUNTDOWN = 300.0


@shared_task(bind=True, name=outbox.SEND_TASK, max_retries=None)
def send_message(self: Task, message_id: int) -> str:
    """Send one outbox row (IDs only in arguments; the row holds what to render)."""
    try:
        return outbox.send_message(message_id)
    except outbox.RetryLater as later:
        if later.delay > MAX_COUNTDOWN:
            return "queued"
        raise self.retry(countdown=later.delay) from None


@shared_task(name=outbox.SEND_BATCH_TASK)
def send_messages(message_ids: list[int]) -> dict[str, int]:
    """Send several outbox rows in turn, over this process's one SMTP connection.

    The rows are claimed together (one statement), then each is sent and marked on its
    own, so a worker killed mid-batch resends at most the message the server was
    accepting, and the rows it had not reached come back after their lease. A row that
    must wait (transient error) gets its own retry task; one that fails for an
    unexpected reason does not stop the rest (the outbox scan recovers it).
    """
    statuses: Counter[str] = Counter()
    for message_id in outbox.claim_many(message_ids):
        try:
            statuses[outbox.send_claimed(message_id)] += 1
        except outbox.RetryLater as later:
            statuses["queued"] += 1
            if later.delay <= MAX_COUNTDOWN:
                send_message.apply_async(args=[message_id], countdown=later.delay)
        except Exception:
            db.session.rollback()
            statuses["error"] += 1
            log.exception("outbox message %s could not be sent", message_id)
    return dict(statuses)
