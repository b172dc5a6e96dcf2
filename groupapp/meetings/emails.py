"""Messages about schedule changes and places freeing up, rendered at send time.

A builder returns None when the message is no longer true by the time it is
sent (the meeting changed again, or the person left), so nobody reads stale news.
"""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.cohorts.models import Membership
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db
from groupapp.meetings.models import Meeting


def _current_meeting(message: OutboxMessage) -> tuple[Meeting, User] | None:
    meeting = db.session.get(Meeting, message.params.get("meeting_id"))
    person = db.session.get(User, message.recipient_id)
    if meeting is None or person is None or not person.active:
        return None
    if meeting.sequence != message.params.get("sequence"):
        return None  # changed again since: the later message tells the current truth
    return meeting, person


def _render(name: str, meeting: Meeting, person: User, added: int = 1) -> EmailContent:
    return render_email(
        f"meetings/{name}",
        added=added,
        meeting=meeting,
        cohort=meeting.cohort,
        person=person,
        when=format_for_viewer(meeting.starts_at, person.timezone),
        link=external_url("meetings.detail", meeting_id=meeting.id),
        organisation_name=meeting.cohort.organisation.name,
    )


@message_builder("meeting_changed")
def build_meeting_changed(message: OutboxMessage) -> EmailContent | None:
    found = _current_meeting(message)
    if found is None or found[0].status == "cancelled":
        return None
    return _render("meeting_changed", *found, added=int(message.params.get("added", 1)))


@message_builder("meeting_cancelled")
def build_meeting_cancelled(message: OutboxMessage) -> EmailContent | None:
    found = _current_meeting(message)
    if found is None or found[0].status != "cancelled":
        return None
    return _render("meeting_cancelled", *found)


@message_builder("cohort_place_offered")
def build_place_offered(message: OutboxMessage) -> EmailContent | None:
    membership = db.session.get(Membership, message.params.get("membership_id"))
    if membership is None or membership.status != "active":
        return None
    return render_email(
        "meetings/place_offered",
        cohort=membership.cohort,
        person=membership.user,
        link=external_url("meetings.my_meetings"),
        organisation_name=membership.cohort.organisation.name,
    )
