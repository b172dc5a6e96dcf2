"""Weekly digest builders: one per cohort for facilitators, one per participant."""

from __future__ import annotations

from groupapp.cohorts.models import Cohort
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db, utcnow
from groupapp.notifications.digest_data import facilitator_digest, participant_digest
from groupapp.notifications.emails import recipient
from groupapp.notifications.scanners.digests import FACILITATOR_KIND, PARTICIPANT_KIND


@message_builder(FACILITATOR_KIND)
def build_facilitator_digest(message: OutboxMessage) -> EmailContent | None:
    user = recipient(message)
    cohort = db.session.get(Cohort, message.params.get("cohort_id"))
    if user is None or cohort is None or user.id not in cohort.facilitator_ids():
        return None
    digest = facilitator_digest(cohort, utcnow())
    return render_email(
        "notifications/digest_facilitator",
        user=user,
        cohort=cohort,
        digest=digest,
        next_week=[(m, format_for_viewer(m.starts_at, user.timezone)) for m in digest.next_week],
        link=external_url("cohorts.detail", cohort_id=cohort.id),
        organisation_name=cohort.organisation.name,
    )


@message_builder(PARTICIPANT_KIND)
def build_participant_digest(message: OutboxMessage) -> EmailContent | None:
    user = recipient(message)
    if user is None:
        return None
    digest = participant_digest(user, utcnow())
    if not digest.cohorts:
        return None  # left every cohort since the row was written
    meeting = digest.next_meeting
    content = render_email(
        "notifications/digest_participant",
        user=user,
        digest=digest,
        next_when=format_for_viewer(meeting.starts_at, user.timezone) if meeting else None,
        due=[
            (s, format_for_viewer(s.assignment.due_at, user.timezone))
            for s in digest.due
            if s.assignment.due_at
        ],
        link=external_url("homework.my_homework"),
        organisation_name=user.organisation.name,
    )
    if meeting is not None:
        content.reply_to = meeting.cohort.reply_to_email
    return content
