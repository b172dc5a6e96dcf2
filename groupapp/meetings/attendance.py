"""Recording attendance, apologies in advance, and the consecutive-absence flag.

They flush, never commit. Every write is audited, because attendance is part of
a participant's record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.audit.services import record
from groupapp.cohorts.membership_state import membership_state
from groupapp.cohorts.models import Cohort
from groupapp.core.actions import Refusal
from groupapp.db import db, utcnow
from groupapp.meetings.attendance_stats import STATUSES, consecutive_absences
from groupapp.meetings.models import AbsenceFlag, Attendance, Meeting


class AttendanceError(Refusal):
    """A mark that cannot be recorded (unknown status, not a member, too late...)."""


@dataclass(frozen=True)
class Mark:
    """One person's status at one meeting, as a roster form submits it."""

    status: str
    comment: str = ""


def active_member_ids(cohort: Cohort) -> set[int]:
    """The people whose attendance is taken in this cohort: its joined members."""
    return {m.user_id for m in cohort.memberships if membership_state(m) == "joined"}


def record_roster(meeting: Meeting, marks: Mapping[int, Mark], actor: User) -> int:
    """Save the marks of a roster in one go; returns how many rows changed.

    Only joined members can be marked, and only once the meeting has started.
    Unchanged rows are left alone so their recorded time and author stay truthful.
    """
    if meeting.status == "cancelled":
        raise AttendanceError("Nobody can attend a cancelled meeting.")
    if meeting.starts_at > utcnow():
        raise AttendanceError(
            "This meeting has not started yet: attendance is taken once it begins. "
            "A member who cannot come can send apologies from the meeting page."
        )
    allowed = active_member_ids(meeting.cohort)
    existing = {row.user_id: row for row in meeting.attendance}
    changed = 0
    for user_id, mark in marks.items():
        if mark.status not in STATUSES:
            raise AttendanceError(f"Unknown attendance status {mark.status!r}.")
        if user_id not in allowed:
            raise AttendanceError("Only active members of the cohort can be marked.")
        row = existing.get(user_id)
        if row is None:
            row = Attendance(meeting=meeting, user_id=user_id, status=mark.status)
            db.session.add(row)
        elif (row.status, row.comment) == (mark.status, mark.comment.strip()):
            continue
        row.status = mark.status
        row.comment = mark.comment.strip()[:500]
        row.recorded_at = utcnow()
        row.recorded_by_id = actor.id
        row.is_apology = False
        changed += 1
        record("attendance.update", row, subject_user_id=user_id, reason=mark.status)
    if meeting.status == "scheduled" and meeting.ends_at <= utcnow():
        meeting.status = "completed"  # attendance taken after the meeting closes it
    db.session.flush()
    for user_id in marks:
        refresh_absence_flag(meeting.cohort, user_id)
    return changed


def send_apology(meeting: Meeting, user: User, comment: str) -> Attendance:
    """A participant says in advance they cannot come: pre-mark them excused."""
    if meeting.status != "scheduled" or meeting.starts_at <= utcnow():
        raise AttendanceError("Apologies can only be sent before a scheduled meeting.")
    if user.id not in active_member_ids(meeting.cohort):
        raise AttendanceError("Only members who have joined the cohort can send apologies.")
    row = db.session.scalar(
        sa.select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.user_id == user.id
        )
    )
    if row is None:
        row = Attendance(meeting=meeting, user_id=user.id, status="excused")
        db.session.add(row)
    row.status = "excused"
    row.comment = comment.strip()[:500]
    row.is_apology = True
    row.recorded_at = utcnow()
    row.recorded_by_id = user.id
    record("attendance.apology", row, subject_user_id=user.id)
    db.session.flush()
    return row


def statuses_in_order(cohort_id: int, user_id: int) -> list[str | None]:
    """The person's status at each past, not cancelled meeting, oldest first."""
    rows = db.session.execute(
        sa.select(Attendance.status)
        .select_from(Meeting)
        .outerjoin(
            Attendance,
            sa.and_(Attendance.meeting_id == Meeting.id, Attendance.user_id == user_id),
        )
        .where(
            Meeting.cohort_id == cohort_id,
            Meeting.status != "cancelled",
            Meeting.starts_at <= utcnow(),
        )
        .order_by(Meeting.starts_at)
    )
    return [status for (status,) in rows]


def refresh_absence_flag(cohort: Cohort, user_id: int) -> AbsenceFlag | None:
    """Raise or clear the member's consecutive-absence flag after their marks change.

    An open flag (``cleared_at`` is None) is what the notification worker turns
    into an alert for the facilitators; it is raised once per run of absences.
    """
    run = consecutive_absences(statuses_in_order(cohort.id, user_id))
    open_flag = db.session.scalar(
        sa.select(AbsenceFlag).where(
            AbsenceFlag.cohort_id == cohort.id,
            AbsenceFlag.user_id == user_id,
            AbsenceFlag.cleared_at.is_(None),
        )
    )
    threshold = cohort.absence_threshold
    if threshold > 0 and run >= threshold:
        if open_flag is None:
            open_flag = AbsenceFlag(cohort_id=cohort.id, user_id=user_id, streak=run)
            db.session.add(open_flag)
        open_flag.streak = run
    elif open_flag is not None:
        open_flag.cleared_at = utcnow()
    db.session.flush()
    return open_flag
