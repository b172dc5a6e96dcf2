"""Who may read and write announcements and private messages.

Announcements: the cohort's joined members read them (not once withdrawn); its staff
(facilitators, and admins of its organisation) read, post, edit and withdraw them.

Threads: the member the thread is about reads and answers it while they are a member;
the cohort's staff read, answer and close it, including after the member left (for the
organisation's retention period). Other participants and staff of other cohorts get a 404.
"""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.access import managed_cohorts_query
from groupapp.cohorts.membership_state import joined_cohort_ids, person_state
from groupapp.cohorts.models import Cohort
from groupapp.core.access import policy
from groupapp.messaging.models import Announcement, MessageThread


@policy(Announcement)
def announcement_policy(user: User, announcement: Announcement, action: str) -> bool:
    state = person_state(user, announcement.cohort)
    if state == "staff":
        return action in {"view", "edit", "withdraw"}
    return state == "joined" and action == "view" and not announcement.withdrawn


@policy(MessageThread)
def thread_policy(user: User, thread: MessageThread, action: str) -> bool:
    state = person_state(user, thread.cohort)
    if state == "staff":
        return action == "view" or (action in {"reply", "close"} and not thread.closed)
    if thread.participant_id != user.id or state != "joined":
        return False
    return action == "view" or (action == "reply" and not thread.closed)


def is_staff_reader(user: User, thread: MessageThread) -> bool:
    """True when ``user`` reads ``thread`` as staff (such reads are audited)."""
    return person_state(user, thread.cohort) == "staff"


def visible_threads_clause(user: User) -> sa.ColumnElement[bool]:
    """SQL condition on ``MessageThread`` for the threads ``user`` may open.

    The same rule as ``thread_policy``: staff see the threads of the cohorts they manage,
    a participant their own threads in cohorts they have joined.
    """
    if user.is_staff:
        managed = managed_cohorts_query(user).with_only_columns(Cohort.id)
        return MessageThread.cohort_id.in_(managed)
    return sa.and_(
        MessageThread.participant_id == user.id,
        MessageThread.cohort_id.in_(joined_cohort_ids(user.id)),
    )
