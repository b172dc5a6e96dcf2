"""Sending outbox messages."""

from __future__ import annotations

from collections import Counter

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


@shared_task(name=outbox.SEND_BATCH_TASK)
def send_messages(message_ids: list[int]) -> dict[str, int]:
    """Send several outbox rows over this process's one SMTP connection; count outcomes.

    The rows are claimed together and cost a fixed number of statements (see
    ``groupapp.core.outbox_send``). A row that must wait (transient error) gets its own
    retry task when the wait is short; the outbox scan sends the others when due.
    """
    statuses: Counter[str] = Counter()
    for message_id, outcome in outbox.send_many(message_ids).items():
        statuses[outcome.status] += 1
        if outcome.retry_in is not None and outcome.retry_in <= MAX_COUNTDOWN:
            send_message.apply_async(args=[message_id], countdown=outcome.retry_in)
    return dict(statuses)
