"""Announcement and message emails, rendered at send time.

A message email says only that there is a new message, with a link: the text stays in
the app. An announcement email carries the text only when its author ticked "include the
text in the email". Builders return None when the news no longer applies (withdrawn,
already read, the person left).
"""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import is_joined
from groupapp.cohorts.queries import cohort_page
from groupapp.core.access import can
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.urls import external_url
from groupapp.db import db
from groupapp.messaging.announcements import POSTED, announcement_words
from groupapp.messaging.models import Announcement, ThreadRead
from groupapp.messaging.threads import NEW_MESSAGE, SUMMARY, load_thread, unread_count


def _person(message: OutboxMessage) -> User | None:
    person = db.session.get(User, message.recipient_id)
    return person if person is not None and person.active else None


@message_builder(POSTED)
def build_announcement(message: OutboxMessage) -> EmailContent | None:
    """The announcement (text only if its author chose so); replies go to the cohort."""
    announcement = db.session.get(Announcement, message.params.get("announcement_id"))
    person = _person(message)
    if announcement is None or person is None or announcement.withdrawn:
        return None
    cohort = cohort_page(announcement.cohort_id)
    if cohort is None or not is_joined(person, cohort):
        return None
    content = render_email(
        "messaging/announcement",
        announcement=announcement,
        # In the recipient's language: the outbox renders inside it.
        words=announcement_words(announcement),
        cohort=cohort,
        person=person,
        link=external_url("messaging.announcements", cohort_id=cohort.id),
        organisation_name=cohort.organisation.name,
    )
    content.reply_to = cohort.reply_to_email
    return content


@message_builder(NEW_MESSAGE)
def build_new_message(message: OutboxMessage) -> EmailContent | None:
    """ "You have a new message in groupapp" and a link; never the text or the subject."""
    thread = load_thread(message.params.get("thread_id", 0))
    person = _person(message)
    if thread is None or person is None or not can(person, "view", thread):
        return None
    seen = db.session.get(ThreadRead, (thread.id, person.id))
    if seen is not None and seen.last_message_id >= message.params.get("message_id", 0):
        return None  # read in the app before the email went out
    return render_email(
        "messaging/new_message",
        person=person,
        link=external_url("messaging.thread", thread_id=thread.id),
        organisation_name=thread.cohort.organisation.name,
    )


@message_builder(SUMMARY)
def build_summary(message: OutboxMessage) -> EmailContent | None:
    """A daily count of conversations with unread messages; nothing when there are none."""
    person = _person(message)
    if person is None:
        return None
    count = unread_count(person)
    if not count:
        return None
    endpoint = "messaging.staff_inbox" if person.is_staff else "messaging.inbox"
    return render_email(
        "messaging/summary",
        person=person,
        count=count,
        link=external_url(endpoint),
        organisation_name=person.organisation.name,
    )
