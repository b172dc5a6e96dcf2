"""Messages about schedule changes and places freeing up, rendered at send time.

A builder returns None when the message is no longer true by the time it is
sent (the meeting changed again, or the person left), so nobody reads stale news.
Schedule notices carry the meeting as an ``.ics`` attachment with the feed's UID
and the meeting's current SEQUENCE, so a calendar that already holds the meeting
(imported from a reminder or a download) moves or cancels that entry.
"""

from __future__ import annotations

from datetime import datetime

from groupapp.accounts.models import User
from groupapp.cohorts.calendar import meeting_file
from groupapp.cohorts.models import Membership
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.timezones import format_for_viewer
from groupapp.core.urls import external_url
from groupapp.db import db
from groupapp.meetings.ical import DOWNLOAD_CONTENT_TYPE
from groupapp.meetings.models import Meeting


def _current_meeting(message: OutboxMessage) -> tuple[Meeting, User] | None:
    meeting = db.session.get(Meeting, message.params.get("meeting_id"))
    person = db.session.get(User, message.recipient_id)
    if meeting is None or person is None or not person.active:
        return None
    if meeting.sequence != message.params.get("sequence"):
        return None  # changed again since: the later message tells the current truth
    return meeting, person


def _previous_start(message: OutboxMessage, zone: str) -> str | None:
    """The time a rescheduled meeting moved from, on the recipient's clock."""
    previous = message.params.get("previous_starts_at")
    return format_for_viewer(datetime.fromisoformat(previous), zone) if previous else None


def _notice(name: str, message: OutboxMessage, meeting: Meeting, person: User) -> EmailContent:
    """Render a schedule notice and attach the meeting's updated calendar entry.

    Times are on the recipient's clock with the zone named; when the group meets
    in another zone its own wall-clock time is given too, since the gap between
    the two shifts for a week or two around daylight-saving changes.
    """
    cohort = meeting.cohort
    added = int(message.params.get("added", 1))
    lead = cohort.reply_to_email
    content = render_email(
        f"meetings/{name}",
        added=added,
        change=message.params.get("change", ""),
        meeting=meeting,
        cohort=cohort,
        person=person,
        when=format_for_viewer(meeting.starts_at, person.timezone),
        group_when=(
            format_for_viewer(meeting.starts_at, cohort.timezone)
            if cohort.timezone != person.timezone
            else None
        ),
        previous=_previous_start(message, person.timezone),
        link=external_url("meetings.detail", meeting_id=meeting.id),
        organisation_name=cohort.organisation.name,
        reply_to=lead,
    )
    content.reply_to = lead
    if added == 1:
        # One event, same UID and SEQUENCE as the feed: opening it updates the entry.
        # A run of added meetings gets no file (one event would tell half the story):
        # the message points to the schedule, and the feed carries them all.
        content.attachments.append(ics_attachment(meeting))
    return content


def ics_attachment(meeting: Meeting) -> tuple[str, str, bytes]:
    """The meeting as an email attachment that updates the recipient's calendar entry.

    Same UID and SEQUENCE as the feed. The MIME type carries method=PUBLISH: a calendar
    part in a message must name the same method as its METHOD line (RFC 6047), or some
    clients ignore it.
    """
    ics = meeting_file(meeting, organizer_email=meeting.cohort.reply_to_email)
    return ("meeting.ics", DOWNLOAD_CONTENT_TYPE, ics)


@message_builder("meeting_changed")
def build_meeting_changed(message: OutboxMessage) -> EmailContent | None:
    found = _current_meeting(message)
    if found is None or found[0].status == "cancelled":
        return None
    return _notice("meeting_changed", message, *found)


@message_builder("meeting_cancelled")
def build_meeting_cancelled(message: OutboxMessage) -> EmailContent | None:
    found = _current_meeting(message)
    if found is None or found[0].status != "cancelled":
        return None
    return _notice("meeting_cancelled", message, *found)


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
