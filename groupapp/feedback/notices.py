"""The feedback request: one short email per member after each meeting, exactly once.

The notifications scanner (``scan_feedback``) writes the outbox row once the meeting has
ended; the builder renders it at send time and stays quiet when the person answered
meanwhile, the window closed, or they no longer belong to the cohort.
"""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.core import send_batch
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.urls import external_url
from groupapp.feedback.services import find_answer, open_meeting

REQUEST = "feedback_request"


@message_builder(REQUEST)
def build_request(message: OutboxMessage) -> EmailContent | None:
    """The request email, or None if it no longer applies."""
    user: User | None = send_batch.recipient_of(message)
    meeting_id = message.params.get("meeting_id")
    if user is None or not user.active or not isinstance(meeting_id, int):
        return None
    meeting = open_meeting(user, meeting_id)
    if meeting is None or find_answer(meeting.id, user.id) is not None:
        return None
    return render_email(
        "feedback/request",
        user=user,
        cohort=meeting.cohort,
        organisation_name=user.organisation.name,
        link=external_url("feedback.answer", meeting_id=meeting.id),
    )
