"""Scheduled work: the daily message summary, and purging messages past retention.

A member who left keeps their conversations readable to the cohort's staff for the
organisation's retention period (``MESSAGE_RETENTION_YEARS``, stated on the privacy
notice); after that the purge deletes them. Both run from beat and run a fixed number
of statements.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import LEFT_STATUSES
from groupapp.cohorts.models import Membership
from groupapp.db import db
from groupapp.messaging.models import MessageEmailChoice, MessageThread
from groupapp.messaging.outbox_rows import queue_for
from groupapp.messaging.personal_data import delete_threads
from groupapp.messaging.threads import SUMMARY

SUMMARY_EVERY = timedelta(hours=24)


def retention_cutoff(now: datetime) -> datetime:
    """Members who left before this instant have their conversations purged."""
    years = float(current_app.config["MESSAGE_RETENTION_YEARS"])
    return now - timedelta(days=round(365.25 * years))


def purgeable_threads(now: datetime) -> sa.Select[Any]:
    """Ids of threads whose member left the cohort before the retention cutoff."""
    left_before = retention_cutoff(now).date()
    return sa.select(MessageThread.id).where(
        sa.exists().where(
            Membership.cohort_id == MessageThread.cohort_id,
            Membership.user_id == MessageThread.participant_id,
            Membership.status.in_(LEFT_STATUSES),
            Membership.exited_on < left_before,
        )
    )


def purge_expired_messages(now: datetime) -> int:
    """Delete conversations past retention; returns how many threads were deleted."""
    count = int(
        db.session.scalar(sa.select(sa.func.count()).select_from(purgeable_threads(now).subquery()))
        or 0
    )
    if count:
        delete_threads(purgeable_threads(now))
    return count


def queue_daily_summaries(now: datetime) -> int:
    """Queue today's summary for everyone who chose one and had none for a day.

    The builder counts the unread conversations at send time and sends nothing when
    there are none. Returns the number of rows offered.
    """
    due = db.session.scalars(
        sa.select(User)
        .join(MessageEmailChoice, MessageEmailChoice.user_id == User.id)
        .where(
            MessageEmailChoice.daily_summary,
            User.active,
            sa.or_(
                MessageEmailChoice.last_summary_at.is_(None),
                MessageEmailChoice.last_summary_at <= now - SUMMARY_EVERY,
            ),
        )
    ).all()
    if not due:
        return 0
    offered = queue_for(SUMMARY, due, now.date().isoformat(), {})
    db.session.execute(
        sa.update(MessageEmailChoice)
        .where(MessageEmailChoice.user_id.in_([person.id for person in due]))
        .values(last_summary_at=now)
    )
    return offered
