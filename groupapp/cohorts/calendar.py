"""Per-user calendar feeds at a secret URL, and single-meeting downloads.

The feed token is 32 random bytes (unguessable) and is
replaced on reset so an old URL that leaked stops working at once.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from cachetools import LRUCache
from flask import current_app, url_for
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_cohort_ids
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.generation import remembered
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
#: SQL expressions (scalar subqueries) that change whenever a source's entries for the
#: user change, such as the count and latest ``updated_at`` of the rows it reads.
DueVersion = Callable[[User], list[sa.ColumnElement[Any]]]
_due_sources: list[DueSource] = []
_due_versions: list[DueVersion] = []

#: Rendered feeds by (user id, version); calendar apps poll every few minutes and most
#: polls find nothing new. Per process, bounded, and keyed by what the feed is made of,
#: so a change anywhere in it makes a new key (never a stale answer).
_rendered: LRUCache[tuple[int, str | None], RenderedFeed] = LRUCache(maxsize=512)
_rendered_lock = threading.Lock()


def register_due_source(source: DueSource, version: DueVersion | None = None) -> DueSource:
    """Let another domain (homework, assessments) add due dates to every user's feed.

    ``version(user)`` gives SQL expressions that change whenever ``source(user)`` would
    return something different; the feed's cache and ETag depend on them. A source
    registered without one makes feeds uncacheable.
    """
    _due_sources.append(source)
    if version is not None:
        _due_versions.append(version)
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


def _feed_cohort_ids(user: User) -> sa.CompoundSelect:
    """The cohorts whose meetings are in the user's feed (one subquery, not two ``IN``s
    joined by ``OR``, so the database can use the meetings' cohort index)."""
    return sa.union(
        joined_cohort_ids(user.id),
        sa.select(CohortFacilitator.cohort_id).where(CohortFacilitator.user_id == user.id),
    )


def feed_meetings(user: User) -> list[Meeting]:
    """Meetings of every cohort the user has joined or facilitates, recent and upcoming.

    Someone removed from a cohort (or who left it) loses its meetings at once.
    """
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .join(Cohort, Cohort.id == Meeting.cohort_id)
            .options(joinedload(Meeting.cohort))
            .where(
                Meeting.cohort_id.in_(_feed_cohort_ids(user)),
                Cohort.status.in_(("active", "completed")),
                Meeting.ends_at >= utcnow() - FEED_LOOKBACK,
            )
            .order_by(Meeting.starts_at)
        )
    )


def feed_version(user: User) -> str | None:
    """A fingerprint of everything the user's feed shows (one statement), or None when
    a due-date source cannot say when it changes.

    It covers the user (time zone), their memberships and facilitator roles, those
    cohorts and all their meetings, each due-date source's rows, and today's date (the
    feed drops meetings older than ``FEED_LOOKBACK``).
    """
    if len(_due_versions) != len(_due_sources):
        return None
    cohort_ids = _feed_cohort_ids(user)
    memberships = sa.select(Membership.updated_at).where(Membership.user_id == user.id).subquery()
    links = (
        sa.select(CohortFacilitator.cohort_id)
        .where(CohortFacilitator.user_id == user.id)
        .subquery()
    )
    cohorts = sa.select(Cohort.updated_at).where(Cohort.id.in_(cohort_ids)).subquery()
    meetings = sa.select(Meeting.updated_at).where(Meeting.cohort_id.in_(cohort_ids)).subquery()
    expressions: list[sa.ColumnElement[Any]] = [
        sa.select(sa.func.count()).select_from(memberships).scalar_subquery(),
        sa.select(sa.func.max(memberships.c.updated_at)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(links).scalar_subquery(),
        sa.select(sa.func.coalesce(sa.func.sum(links.c.cohort_id), 0)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(cohorts).scalar_subquery(),
        sa.select(sa.func.max(cohorts.c.updated_at)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(meetings).scalar_subquery(),
        sa.select(sa.func.max(meetings.c.updated_at)).scalar_subquery(),
    ]
    for version in _due_versions:
        expressions.extend(version(user))
    row = db.session.execute(sa.select(*expressions)).one()
    parts = [user.id, user.timezone, user.updated_at, utcnow().date(), uid_domain(), *row]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


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


@dataclass(frozen=True)
class RenderedFeed:
    """A feed's bytes, its version (the ETag) and when this version was first served."""

    body: bytes
    version: str | None
    since: datetime


@dataclass(frozen=True)
class FeedState:
    """Whose feed a token opens, and the version of what the feed shows."""

    user_id: int
    version: str | None


def feed_state(token: str) -> FeedState | None:
    """The active user ``token`` opens and their feed's version, or None.

    Read from the database once per data generation and day (``remembered``): calendar
    apps poll often, and whatever could change the answer (a reset or revoked token, a
    deactivated account, a meeting, a membership) is a committed write that replaces the
    generation, so a poll after it reads the database again.
    """
    day = utcnow().date().isoformat()
    return remembered(("calendar-feed", token, day, uid_domain()), lambda: _read_state(token))


def _read_state(token: str) -> FeedState | None:
    user = user_for_token(token)
    return None if user is None else FeedState(user.id, feed_version(user))


def rendered_feed(state: FeedState) -> RenderedFeed | None:
    """The feed's bytes, rendered once per version (always afresh without one); None when
    its user is gone."""
    key = (state.user_id, state.version)
    with _rendered_lock:
        found = _rendered.get(key) if state.version is not None else None
    if found is None:
        user = db.session.get(User, state.user_id)
        if user is None:
            return None
        found = RenderedFeed(feed_body(user), state.version, utcnow().replace(microsecond=0))
        if state.version is not None:
            with _rendered_lock:
                _rendered[key] = found
    return found


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
