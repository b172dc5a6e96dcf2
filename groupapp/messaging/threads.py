"""Private threads between a member and a cohort's facilitators: open, write, read, close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import is_joined, person_state
from groupapp.cohorts.models import Cohort, CohortFacilitator
from groupapp.cohorts.queries import cohort_page
from groupapp.core.actions import Refusal
from groupapp.core.pagination import KeysetPage, keyset_page
from groupapp.core.text import multi_line, single_line
from groupapp.db import db, utcnow
from groupapp.messaging.access import visible_threads_clause
from groupapp.messaging.models import (
    BODY_MAX,
    SUBJECT_MAX,
    Message,
    MessageEmailChoice,
    MessageThread,
    ThreadRead,
)
from groupapp.messaging.outbox_rows import queue_for

NEW_MESSAGE = "message_new"
SUMMARY = "message_summary"
PAGE_SIZE = 20
MESSAGES_PER_PAGE = 30


class MessageRefused(Refusal):
    """The message cannot be sent as written, or not in this thread (the text says why)."""


def _body(text: str) -> str:
    body = multi_line(text or "").strip()
    if not body:
        raise MessageRefused(_("Write a message before sending it."))
    if len(body) > BODY_MAX:
        raise MessageRefused(
            _("The message is longer than %(limit)s characters.", limit=format_number(BODY_MAX))
        )
    return body


def _subject(text: str) -> str:
    subject = single_line(text or "")
    if not subject:
        raise MessageRefused(_("Give the conversation a subject."))
    if len(subject) > SUBJECT_MAX:
        raise MessageRefused(
            _("The subject is longer than %(limit)s characters.", limit=format_number(SUBJECT_MAX))
        )
    return subject


def open_thread(
    cohort: Cohort, participant: User, opener: User, subject: str, body: str
) -> Message:
    """Start a thread about ``participant`` in ``cohort`` with a first message by ``opener``.

    ``opener`` is the participant themselves or one of the cohort's staff. Raises
    ``MessageRefused`` when the participant is not a joined member of the cohort (a
    participant can never open a thread with another participant), or for empty text.
    """
    if not is_joined(participant, cohort):
        raise MessageRefused(_("Conversations are only with members of the cohort."))
    if opener.id != participant.id and person_state(opener, cohort) != "staff":
        raise MessageRefused(_("Only the cohort's facilitators can start this conversation."))
    thread = MessageThread(
        cohort_id=cohort.id,
        participant_id=participant.id,
        opened_by_id=opener.id,
        subject=_subject(subject),
    )
    db.session.add(thread)
    db.session.flush()
    return write(thread, opener, body)


def write(thread: MessageThread, author: User, text: str) -> Message:
    """Add a message, mark it read for its author and tell the others by email.

    Raises ``MessageRefused`` for a closed thread or empty text. The email never carries
    the text (see ``messaging.emails``); people who chose a daily summary get none now.
    """
    if thread.closed:
        raise MessageRefused(_("This conversation was closed. Start a new one to write again."))
    message = Message(thread_id=thread.id, author_id=author.id, body=_body(text))
    db.session.add(message)
    db.session.flush()
    thread.last_message_id = message.id
    thread.last_message_at = message.created_at
    thread.last_author_id = author.id
    mark_read(thread, author)
    _notify(thread, author, message)
    return message


def _notify(thread: MessageThread, author: User, message: Message) -> None:
    """Email the participant and the cohort's facilitators, except the author and those
    who asked for a daily summary (one statement to find them, two to queue)."""
    summary_people = sa.select(MessageEmailChoice.user_id).where(MessageEmailChoice.daily_summary)
    staff = sa.select(CohortFacilitator.user_id).where(
        CohortFacilitator.cohort_id == thread.cohort_id
    )
    recipients = db.session.scalars(
        sa.select(User).where(
            sa.or_(User.id == thread.participant_id, User.id.in_(staff)),
            User.id != author.id,
            User.active,
            User.id.not_in(summary_people),
        )
    ).all()
    params = {"thread_id": thread.id, "message_id": message.id}
    queue_for(NEW_MESSAGE, recipients, str(message.id), params)


def mark_read(thread: MessageThread, reader: User) -> None:
    """Remember that ``reader`` has seen every message of ``thread`` so far."""
    row = db.session.get(ThreadRead, (thread.id, reader.id))
    if row is None:
        row = ThreadRead(thread_id=thread.id, user_id=reader.id)
        db.session.add(row)
    row.last_message_id = thread.last_message_id
    row.read_at = utcnow()
    db.session.flush()


def close(thread: MessageThread, by: User) -> MessageThread:
    """Close a thread: it stays readable, nobody can write in it any more."""
    if not thread.closed:
        thread.closed_at = utcnow()
        thread.closed_by_id = by.id
        db.session.flush()
    return thread


def set_daily_summary(user: User, daily: bool) -> None:
    """Switch ``user``'s message emails between one per message and a daily summary."""
    row = db.session.get(MessageEmailChoice, user.id)
    if row is None:
        row = MessageEmailChoice(user_id=user.id)
        db.session.add(row)
    row.daily_summary = daily
    db.session.flush()


def wants_daily_summary(user: User) -> bool:
    row = db.session.get(MessageEmailChoice, user.id)
    return bool(row and row.daily_summary)


def unread_clause(user: User) -> sa.ColumnElement[bool]:
    """Threads whose newest message is someone else's and past ``user``'s read mark
    (with ``read_join(user)`` as an outer join)."""
    return sa.and_(
        MessageThread.last_author_id != user.id,
        MessageThread.last_message_id > sa.func.coalesce(ThreadRead.last_message_id, 0),
    )


def read_join(user: User) -> sa.ColumnElement[bool]:
    """The join condition of ``user``'s read marks onto ``MessageThread``."""
    return sa.and_(ThreadRead.thread_id == MessageThread.id, ThreadRead.user_id == user.id)


def unread_count_expression(user: User) -> sa.ScalarSelect[int]:
    """A scalar subquery: how many threads ``user`` may open hold a message they have not
    read (the header reads it with its other counts)."""
    return (
        sa.select(sa.func.count())
        .select_from(MessageThread)
        .outerjoin(ThreadRead, read_join(user))
        .where(visible_threads_clause(user), unread_clause(user))
        .scalar_subquery()
    )


def unread_count(user: User) -> int:
    """How many threads ``user`` may open hold a message they have not read (one query)."""
    return int(db.session.scalar(sa.select(unread_count_expression(user))) or 0)


@dataclass(frozen=True)
class ThreadRow:
    thread: MessageThread
    unread: bool


def inbox_page(user: User, cursor: str | None) -> KeysetPage[ThreadRow]:
    """A page of the threads ``user`` may open, latest activity first, with unread marks."""
    query: Any = (
        sa.select(MessageThread, unread_clause(user).label("unread"))
        .options(joinedload(MessageThread.cohort), joinedload(MessageThread.participant))
        .outerjoin(ThreadRead, read_join(user))
        .where(visible_threads_clause(user))
    )
    columns = (MessageThread.last_message_at, MessageThread.id)
    page = keyset_page(
        query,
        columns,
        cursor,
        PAGE_SIZE,
        lambda row: (row[0].last_message_at, row[0].id),
        descending=True,
        scalars=False,
    )
    rows = [ThreadRow(thread, bool(unread)) for thread, unread in page.items]
    return KeysetPage(rows, page.next_cursor, page.first)


def messages_page(thread: MessageThread, cursor: str | None) -> KeysetPage[Message]:
    """A page of a thread's messages, newest first (the page shows them oldest first)."""
    query = (
        sa.select(Message).options(joinedload(Message.author)).where(Message.thread_id == thread.id)
    )
    return keyset_page(
        query, (Message.id,), cursor, MESSAGES_PER_PAGE, lambda m: (m.id,), descending=True
    )


def load_thread(thread_id: int) -> MessageThread | None:
    """The thread with its cohort, links and memberships loaded for the access rule."""
    thread = db.session.get(MessageThread, thread_id)
    if thread is not None:
        cohort_page(thread.cohort_id)
    return thread


def read_marks(thread: MessageThread) -> list[tuple[User, int]]:
    """Who has read ``thread`` and up to which message id (one query), by name."""
    rows = db.session.execute(
        sa.select(User, ThreadRead.last_message_id)
        .join(ThreadRead, ThreadRead.user_id == User.id)
        .where(ThreadRead.thread_id == thread.id)
        .order_by(User.display_name, User.id)
    ).all()
    return [(person, last_id) for person, last_id in rows]
