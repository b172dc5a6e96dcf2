"""Read-side queries for meeting pages, each a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.db import db, utcnow
from groupapp.meetings.attendance_stats import AttendanceSummary, summarise
from groupapp.meetings.models import Attendance, Meeting


def own_attendance(meeting: Meeting, user_id: int) -> Attendance | None:
    """The viewer's own attendance row at a meeting, if any."""
    return db.session.scalar(
        sa.select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.user_id == user_id
        )
    )


@dataclass
class RosterRow:
    user: User
    mark: Attendance | None


def roster(meeting: Meeting) -> list[RosterRow]:
    """Every joined member of the meeting's cohort with their current mark."""
    members = db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.cohort_id == meeting.cohort_id, joined_clause())
        .order_by(sa.func.lower(User.display_name), User.id)
    ).all()
    marks = {
        row.user_id: row
        for row in db.session.scalars(
            sa.select(Attendance).where(Attendance.meeting_id == meeting.id)
        )
    }
    return [RosterRow(user, marks.get(user.id)) for user in members]


@dataclass
class ParticipantPage:
    """What a participant sees: invitations, next meeting, upcoming and past meetings."""

    pending: list[Membership] = field(default_factory=list)
    groups: list[Cohort] = field(default_factory=list)
    waitlisted: list[Membership] = field(default_factory=list)
    next_meeting: Meeting | None = None
    upcoming: list[Meeting] = field(default_factory=list)
    past: list[tuple[Meeting, Attendance | None]] = field(default_factory=list)
    summary: AttendanceSummary | None = None
    marks: dict[int, Attendance] = field(default_factory=dict)


def participant_page(user: User) -> ParticipantPage:
    """The participant's memberships, and meetings with their own attendance (2 queries)."""
    page = ParticipantPage()
    memberships = db.session.scalars(
        sa.select(Membership)
        .options(joinedload(Membership.cohort))
        .where(
            Membership.user_id == user.id,
            Membership.status.in_(("invited", "active", "waitlisted")),
        )
    ).all()
    active_ids = []
    for membership in memberships:
        if membership.status == "invited":
            page.pending.append(membership)
        elif membership.status == "waitlisted":
            page.waitlisted.append(membership)
        else:
            page.groups.append(membership.cohort)
            if membership.cohort.status in ("active", "completed"):
                active_ids.append(membership.cohort_id)
    if not active_ids:
        return page
    # Each meeting with the person's own mark (at most one per meeting), in one statement.
    rows = db.session.execute(
        sa.select(Meeting, Attendance)
        .options(joinedload(Meeting.cohort))
        .outerjoin(
            Attendance,
            sa.and_(Attendance.meeting_id == Meeting.id, Attendance.user_id == user.id),
        )
        .where(Meeting.cohort_id.in_(active_ids))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    meetings = [meeting for meeting, _ in rows]
    page.marks = {meeting.id: mark for meeting, mark in rows if mark is not None}
    now = utcnow()
    for meeting in meetings:
        if meeting.ends_at >= now:
            page.upcoming.append(meeting)
            if page.next_meeting is None and meeting.status == "scheduled":
                page.next_meeting = meeting
        else:
            page.past.append((meeting, page.marks.get(meeting.id)))
    page.past.reverse()
    counted = [m for m, _ in page.past if m.status != "cancelled"]
    page.summary = summarise(
        [page.marks[m.id].status if m.id in page.marks else None for m in reversed(counted)]
    )
    return page
