"""Per-user calendar feeds at a secret URL, and single-meeting downloads.

The feed token is 32 random bytes (unguessable) and is
replaced on reset so an old URL that leaked stops working at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_cohort_ids
from groupapp.cohorts.models import Cohort, CohortFacilitator
from groupapp.core.rows import get_or_create
from groupapp.db import db, utcnow
from groupapp.meetings.ical import (
    CalendarDueDate,
    CalendarMeeting,
    build_feed,
    build_meeting_file,
    stable_uid,
)
from groupapp.meetings.models import CalendarFeed, Meeting

# Recently past meetings stay in the feed so a cancellation still reaches calendars.
FEED_LOOKBACK = timedelta(days=30)

DueSource = Callable[[User], list[CalendarDueDate]]
_due_sources: list[DueSource] = []


def register_due_source(source: DueSource) -> DueSource:
    """Let another domain (homework, assessments) add due dates to every user's feed."""
    _due_sources.append(source)
    return source


def uid_domain() -> str:
    """The host part of UIDs: the site's own host, so UIDs stay stable across requests."""
    return urlsplit(current_app.config.get("BASE_URL") or "").hostname or "groupapp.local"


def feed_for(user: User) -> CalendarFeed:
    """The user's feed row, created with a fresh token on first use.

    Two tabs opening the calendar page for the first time at once get the same row.
    """
    return get_or_create(CalendarFeed, {"user_id": user.id}, {"token": secrets.token_urlsafe(32)})


def reset_feed(user: User) -> CalendarFeed:
    """Give the user a new secret URL; the old one stops working."""
    feed = feed_for(user)
    feed.token = secrets.token_urlsafe(32)
    feed.reset_at = utcnow()
    db.session.flush()
    return feed


def user_for_token(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    feed = db.session.scalar(
        sa.select(CalendarFeed)
        .options(joinedload(CalendarFeed.user))
        .where(CalendarFeed.token == token)
    )
    if feed is None or not feed.user.active:
        return None
    return feed.user


def feed_meetings(user: User) -> list[Meeting]:
    """Meetings of every cohort the user has joined or facilitates, recent and upcoming.

    Someone removed from a cohort (or who left it) loses its meetings at once.
    """
    member_of = joined_cohort_ids(user.id)
    facilitates = sa.select(CohortFacilitator.cohort_id).where(CohortFacilitator.user_id == user.id)
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .join(Cohort, Cohort.id == Meeting.cohort_id)
            .options(joinedload(Meeting.cohort))
            .where(
                sa.or_(Meeting.cohort_id.in_(member_of), Meeting.cohort_id.in_(facilitates)),
                Cohort.status.in_(("active", "completed")),
                Meeting.ends_at >= utcnow() - FEED_LOOKBACK,
            )
            .order_by(Meeting.starts_at)
        )
    )


def calendar_meeting(meeting: Meeting) -> CalendarMeeting:
    """What a calendar shows for a meeting: never its private notes."""
    cohort = meeting.cohort
    description = meeting.cancel_reason if meeting.status == "cancelled" else ""
    return CalendarMeeting(
        uid=stable_uid("meeting", meeting.id, uid_domain()),
        summary=f"{cohort.name}: {meeting.topic}" if meeting.topic else cohort.name,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        timezone=cohort.timezone,
        sequence=meeting.sequence,
        cancelled=meeting.status == "cancelled",
        location=cohort.location or None,
        video_url=cohort.video_url or None,
        description=description or None,
        updated_at=meeting.updated_at,
    )


def feed_body(user: User) -> bytes:
    """The user's whole calendar as iCalendar bytes."""
    due: list[CalendarDueDate] = []
    for source in _due_sources:
        due.extend(source(user))
    return build_feed(
        [calendar_meeting(m) for m in feed_meetings(user)],
        due,
        name="groupapp meetings",
        calendar_uid=stable_uid("feed", user.id, uid_domain()),
    )


def meeting_file(meeting: Meeting, organizer_email: str | None = None) -> bytes:
    """One meeting as an importable ``.ics`` file.

    Its UID and SEQUENCE are the feed's, so importing it again after a change or a
    cancellation updates the entry already in the calendar. ``organizer_email`` names
    the ORGANIZER, which RFC 5546 asks of a PUBLISH sent as a scheduling message.
    """
    return build_meeting_file(
        calendar_meeting(meeting),
        calendar_uid=stable_uid("download", meeting.id, uid_domain()),
        organizer_email=organizer_email,
    )


def feed_url(user: User) -> str:
    """The absolute secret URL to subscribe to."""
    return url_for("meetings.feed", token=feed_for(user).token, _external=True)
