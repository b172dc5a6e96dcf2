"""Sending outbox messages."""

from __future__ import annotations

from celery import shared_task

from groupapp.core import outbox


@shared_task(name=outbox.SEND_TASK)
def send_message(message_id: int) -> str:
    """Send one outbox row (IDs only in arguments; the row holds what to render)."""
    return outbox.send_message(message_id)
