"""Sending outbox messages."""

from __future__ import annotations

from celery import Task, shared_task

from groupapp.core import outbox

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
