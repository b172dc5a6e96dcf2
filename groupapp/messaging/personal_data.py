"""Messages and announcements in a participant's data export, and what erasure removes.

Announcements are listed as received and are not erased with a member (they belong to
the cohort and were written by its facilitators). Threads about the participant, with
every message in them, are theirs: exported, and deleted on erasure.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.personal_data import register_section
from groupapp.db import db
from groupapp.messaging.models import Announcement, Message, MessageThread, ThreadRead


def export_announcements(user: User) -> list[dict[str, Any]]:
    """Announcements received: those of cohorts the user joined, posted while a member."""
    rows = db.session.execute(
        sa.select(Announcement, Cohort.name)
        .join(Cohort, Cohort.id == Announcement.cohort_id)
        .join(Membership, Membership.cohort_id == Announcement.cohort_id)
        .where(
            Membership.user_id == user.id,
            sa.or_(joined_clause(), Membership.exited_on.is_not(None)),
            Announcement.withdrawn_at.is_(None),
        )
        .order_by(Announcement.created_at, Announcement.id)
    ).all()
    return [
        {
            "received": "announcement",
            "cohort": cohort_name,
            "posted_at": announcement.created_at.isoformat(),
            "subject": announcement.subject,
            "text": announcement.body,
        }
        for announcement, cohort_name in rows
    ]


def export_messages(user: User) -> list[dict[str, Any]]:
    """Every conversation about the user, with each message, its author and time."""
    rows = db.session.execute(
        sa.select(MessageThread, Cohort.name, Message, User.display_name)
        .join(Cohort, Cohort.id == MessageThread.cohort_id)
        .join(Message, Message.thread_id == MessageThread.id)
        .outerjoin(User, User.id == Message.author_id)
        .where(MessageThread.participant_id == user.id)
        .order_by(MessageThread.id, Message.id)
    ).all()
    threads: dict[int, dict[str, Any]] = {}
    for thread, cohort_name, message, author_name in rows:
        entry = threads.setdefault(
            thread.id,
            {
                "cohort": cohort_name,
                "subject": thread.subject,
                "closed_at": thread.closed_at.isoformat() if thread.closed_at else None,
                "messages": [],
            },
        )
        entry["messages"].append(
            {
                "from": "you" if message.author_id == user.id else author_name,
                "sent_at": message.created_at.isoformat(),
                "text": message.body,
            }
        )
    return list(threads.values())


def erase_messages(user: User) -> None:
    """Delete the user's conversations and every message in them ."""
    delete_threads(sa.select(MessageThread.id).where(MessageThread.participant_id == user.id))


def delete_threads(thread_ids: sa.Select[Any]) -> None:
    """Delete the threads ``thread_ids`` selects, their messages and read marks.

    Three statements whatever the number of threads; objects already loaded in the
    session are expired by the caller's commit.
    """
    # Messages and read marks first, while the threads they select are still there.
    db.session.execute(
        sa.delete(Message).where(Message.thread_id.in_(thread_ids)),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        sa.delete(ThreadRead).where(ThreadRead.thread_id.in_(thread_ids)),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        sa.delete(MessageThread).where(MessageThread.id.in_(thread_ids)),
        execution_options={"synchronize_session": False},
    )
    db.session.flush()


def _keep_announcements(_user: User) -> None:
    """Announcements were written by facilitators for the whole cohort: nothing to erase."""


register_section("announcements", export_announcements, _keep_announcements)
register_section("messages", export_messages, erase_messages)
