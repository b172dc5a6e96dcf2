"""Meeting feedback: who may answer, answering, and what facilitators see.

A member may answer about a meeting of a cohort they have joined from the moment it
ends until ``WINDOW`` later, unless it was cancelled or they were marked absent or
excused. Services flush and never commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.form_problems import InputProblems
from groupapp.core.text import single_line
from groupapp.db import db, utcnow
from groupapp.feedback.models import MeetingFeedback
from groupapp.feedback.scale import ANSWERS, ITEMS, MAX_CHANGE
from groupapp.meetings.models import Attendance, Meeting

#: How long after a meeting ends its feedback stays open.
WINDOW = timedelta(hours=48)
#: Marks that mean the person was not there to give feedback.
NOT_THERE = ("absent", "excused")


class FeedbackProblem(InputProblems):
    """A feedback answer as sent cannot be stored; ``problems`` names each input."""


@dataclass(frozen=True)
class FeedbackInput:
    """A checked answer: three ratings 1..5 and the optional line."""

    heard: int
    useful: int
    safe: int
    change: str


@dataclass(frozen=True)
class FeedbackRequest:
    """A meeting the member can give feedback on now."""

    meeting_id: int
    cohort_id: int
    cohort_name: str
    starts_at: datetime
    topic: str
    closes_at: datetime


def answerable_clause(now: datetime) -> sa.ColumnElement[bool]:
    """SQL condition on ``Meeting`` (joined to ``Membership`` and an outer-joined
    ``Attendance`` of that member): its feedback window is open for the member, who had
    joined by the meeting's day (dates compared as ISO text, the same on both databases)."""
    meeting_day = sa.func.substr(Meeting.local_start, 1, 10)
    return sa.and_(
        Meeting.status != "cancelled",
        sa.or_(
            Membership.joined_on.is_(None),
            sa.cast(Membership.joined_on, sa.String) <= meeting_day,
        ),
        Meeting.ends_at <= now,
        Meeting.ends_at > now - WINDOW,
        joined_clause(),
        Cohort.status == "active",
        sa.or_(Attendance.status.is_(None), Attendance.status.not_in(NOT_THERE)),
    )


def _members_attendance() -> sa.ColumnElement[bool]:
    return sa.and_(Attendance.meeting_id == Meeting.id, Attendance.user_id == Membership.user_id)


def _members_answer() -> sa.ColumnElement[bool]:
    return sa.and_(
        MeetingFeedback.meeting_id == Meeting.id, MeetingFeedback.user_id == Membership.user_id
    )


def answerable_meetings(now: datetime, *columns: Any) -> sa.Select[Any]:
    """``columns`` (default: meeting, cohort, membership) of every member's meeting whose
    feedback is open at ``now`` and not yet given: for one person (add a
    ``Membership.user_id`` condition) or for the scanner."""
    return (
        sa.select(*(columns or (Meeting, Cohort, Membership)))
        .select_from(Meeting)
        .join(Cohort, Cohort.id == Meeting.cohort_id)
        .join(Membership, Membership.cohort_id == Meeting.cohort_id)
        .outerjoin(Attendance, _members_attendance())
        .outerjoin(MeetingFeedback, _members_answer())
        .where(answerable_clause(now), MeetingFeedback.id.is_(None))
    )


def open_requests(user_id: int, now: datetime | None = None) -> list[FeedbackRequest]:
    """Meetings the person can still give feedback on, soonest closing first (one
    statement)."""
    now = now or utcnow()
    rows = db.session.execute(
        answerable_meetings(now)
        .where(Membership.user_id == user_id)
        .order_by(Meeting.ends_at, Meeting.id)
    ).all()
    return [
        FeedbackRequest(
            meeting.id,
            cohort.id,
            cohort.name,
            meeting.starts_at,
            meeting.topic,
            meeting.ends_at + WINDOW,
        )
        for meeting, cohort, _membership in rows
    ]


def open_meeting(user: User, meeting_id: int, now: datetime | None = None) -> Meeting | None:
    """The meeting when its feedback window is open for ``user`` (answered or not)."""
    now = now or utcnow()
    return db.session.scalar(
        sa.select(Meeting)
        .join(Cohort, Cohort.id == Meeting.cohort_id)
        .join(Membership, Membership.cohort_id == Meeting.cohort_id)
        .outerjoin(Attendance, _members_attendance())
        .where(Meeting.id == meeting_id, Membership.user_id == user.id, answerable_clause(now))
    )


def find_answer(meeting_id: int, user_id: int) -> MeetingFeedback | None:
    """The person's answer about the meeting, if they gave one."""
    return db.session.scalar(
        sa.select(MeetingFeedback).where(
            MeetingFeedback.meeting_id == meeting_id, MeetingFeedback.user_id == user_id
        )
    )


_ANSWER_WORDS = {str(value): value for value, _ in ANSWERS}


def read_answer(data: Mapping[str, object]) -> FeedbackInput:
    """Check an answer as sent: ``heard``, ``useful``, ``safe`` each "1".."5" (or 1..5)
    and an optional ``change`` line. Raises ``FeedbackProblem`` naming each input."""
    problems: dict[str, str] = {}
    ratings: dict[str, int] = {}
    for item in ITEMS:
        raw = data.get(item.key)
        value = _ANSWER_WORDS.get(str(raw).strip()) if raw is not None else None
        if value is None or isinstance(raw, bool):
            problems[item.key] = _("%(item)s: choose one answer from 1 to 5.", item=_(item.text))
        else:
            ratings[item.key] = value
    change = single_line(str(data.get("change") or ""))
    if len(change) > MAX_CHANGE:
        problems["change"] = _(
            "One thing to change: keep it to %(count)d characters or fewer.", count=MAX_CHANGE
        )
    if problems:
        raise FeedbackProblem(problems)
    return FeedbackInput(change=change, **ratings)


def save_answer(meeting: Meeting, user: User, answer: FeedbackInput) -> MeetingFeedback:
    """Store the person's answer, replacing an earlier one about the same meeting."""
    row = find_answer(meeting.id, user.id)
    if row is None:
        row = MeetingFeedback(meeting_id=meeting.id, cohort_id=meeting.cohort_id, user_id=user.id)
        db.session.add(row)
    row.heard, row.useful, row.safe = answer.heard, answer.useful, answer.safe
    row.change = answer.change
    row.answered_at = utcnow()
    db.session.flush()
    return row
