"""The intake reminder: one email, once, to a member whose intake is not sent yet.

The notifications scanner writes the outbox row (``scan_intake``) shortly before the
cohort's next meeting; the builder below renders it at send time and stays quiet when
the person has sent their intake meanwhile or is no longer a member.
"""

from __future__ import annotations

from datetime import timedelta

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import is_joined
from groupapp.cohorts.models import Cohort
from groupapp.core import send_batch
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.urls import external_url
from groupapp.db import db
from groupapp.intake.services import find_response

REMINDER = "intake_reminder"
#: The reminder goes out when the cohort's next meeting is at most this far ahead.
REMIND_BEFORE = timedelta(hours=72)


@message_builder(REMINDER)
def build_reminder(message: OutboxMessage) -> EmailContent | None:
    """The reminder email, or None if it no longer applies."""
    cohort = db.session.get(Cohort, message.params.get("cohort_id"))
    user: User | None = send_batch.recipient_of(message)
    if cohort is None or user is None or not user.active or not is_joined(user, cohort):
        return None
    response = find_response(cohort.id, user.id)
    if response is not None and response.is_complete:
        return None
    return render_email(
        "intake/reminder",
        user=user,
        cohort=cohort,
        organisation_name=user.organisation.name,
        link=external_url("intake.fill", cohort_id=cohort.id),
    )
