"""Messages about deletion requests: to admins when one arrives, to the person when decided.

Neither carries the person's name or what they wrote: only a link, the outcome and, for a
decline, the admin's reason.
"""

from __future__ import annotations

from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.urls import external_url
from groupapp.db import db
from groupapp.privacy.models import DeletionRequest

REQUESTED = "privacy_deletion_requested"
DECIDED = "privacy_deletion_decided"


def _request(message: OutboxMessage) -> DeletionRequest | None:
    return db.session.get(DeletionRequest, message.params.get("request_id"))


@message_builder(REQUESTED)
def build_requested(message: OutboxMessage) -> EmailContent | None:
    request = _request(message)
    if request is None or request.status != "pending":
        return None  # decided before the message went out
    link = external_url("privacy.decide_deletion", request_id=request.id)
    return render_email("privacy/deletion_requested", link=link)


@message_builder(DECIDED)
def build_decided(message: OutboxMessage) -> EmailContent | None:
    request = _request(message)
    if request is None or request.status == "pending":
        return None
    return render_email("privacy/deletion_decided", request=request)
