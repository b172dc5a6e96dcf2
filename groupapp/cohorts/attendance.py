"""Recording attendance, apologies in advance, and the consecutive-absence flag.

They flush, never commit. Every write is audited, because attendance is part of
a participant's record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.audit.services import record, record_many
from groupapp.cohorts.membership_state import membership_state
from groupapp.cohorts.models import Cohort, Membership
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
    """The people whose attendance is taken in this cohort: its joined members.

    One statement: the memberships and their people are read together, and the one
    membership rule (``membership_state``) decides who has joined.
    """
    memberships = db.session.scalars(
        sa.select(Membership)
        .where(Membership.cohort_id == cohort.id)
        .options(joinedload(Membership.user))
    )
    return {m.user_id for m in memberships if membership_state(m) == "joined"}


def record_roster(meeting: Meeting, marks: Mapping[int, Mark], actor: User) -> int:
    """Save the marks of a roster in one go; returns how many rows changed.

    Only joined members can be marked, and only once the meeting has started.
    Unchanged rows are left alone so their recorded time and author stay truthful.
    Runs a fixed number of statements whatever the number of marks: new rows, changed
    rows, their audit rows and the absence flags are each written as one batch.
    Raises ``AttendanceError`` for an unknown status, someone who has not joined, or a
    meeting that has not started or was cancelled.
    """
    if meeting.status == "cancelled":
        raise AttendanceError(_("Nobody can attend a cancelled meeting."))
    if meeting.starts_at > utcnow():
        raise AttendanceError(
            _(
                "This meeting has not started yet: attendance is taken once it begins. "
                "A member who cannot come can send apologies from the meeting page."
            )
        )
    unknown = [mark.status for mark in marks.values() if mark.status not in STATUSES]
    if unknown:
        raise AttendanceError(_("Unknown attendance status “%(status)s”.", status=unknown[0]))
    if not set(marks) <= active_member_ids(meeting.cohort):
        raise AttendanceError(_("Only active members of the cohort can be marked."))
    existing = {row.user_id: row for row in meeting.attendance}
    now = utcnow()
    changed: dict[int, dict[str, Any]] = {}
    for user_id, mark in marks.items():
        values = {
            "status": mark.status,
            "comment": mark.comment.strip()[:500],
            "recorded_at": now,
            "recorded_by_id": actor.id,
            "is_apology": False,
        }
        row = existing.get(user_id)
        if row is None or (row.status, row.comment) != (values["status"], values["comment"]):
            changed[user_id] = values
    _write_marks(meeting, existing, changed)
    if meeting.status == "scheduled" and meeting.ends_at <= now:
        meeting.status = "completed"  # attendance taken after the meeting closes it
    db.session.flush()
    rows = db.session.execute(
        sa.select(Attendance.id, Attendance.user_id).where(
            Attendance.meeting_id == meeting.id, Attendance.user_id.in_(changed)
        )
    )
    record_many(
        "attendance.update",
        ((("Attendance", row_id), user_id, changed[user_id]["status"]) for row_id, user_id in rows),
    )
    refresh_absence_flags(meeting.cohort, list(marks))
    return len(changed)


def _write_marks(
    meeting: Meeting, existing: dict[int, Attendance], changed: dict[int, dict[str, Any]]
) -> None:
    """Insert the new rows and update the changed ones, one statement each."""
    updates = [{"id": existing[uid].id, **v} for uid, v in changed.items() if uid in existing]
    inserts = [
        {"meeting_id": meeting.id, "user_id": uid, **v}
        for uid, v in changed.items()
        if uid not in existing
    ]
    db.session.flush()
    if updates:
        db.session.execute(sa.update(Attendance), updates)
    if inserts:
        db.session.execute(sa.insert(Attendance), inserts)
    # The meeting's loaded rows are stale now; the next reader loads them again.
    db.session.expire(meeting, ["attendance"])
    for uid in changed.keys() & existing.keys():
        db.session.expire(existing[uid])


def send_apology(meeting: Meeting, user: User, comment: str) -> Attendance:
    """A participant says in advance they cannot come: pre-mark them excused."""
    if meeting.status != "scheduled" or meeting.starts_at <= utcnow():
        raise AttendanceError(_("Apologies can only be sent before a scheduled meeting."))
    if user.id not in active_member_ids(meeting.cohort):
        raise AttendanceError(_("Only members who have joined the cohort can send apologies."))
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


def statuses_in_order(cohort_id: int, user_ids: Iterable[int]) -> dict[int, list[str | None]]:
    """Each person's status at each past, not cancelled meeting, oldest first.

    Two statements whatever the number of people: the meetings, then their marks.
    """
    wanted = set(user_ids)
    meeting_ids = db.session.scalars(
        sa.select(Meeting.id)
        .where(
            Meeting.cohort_id == cohort_id,
            Meeting.status != "cancelled",
            Meeting.starts_at <= utcnow(),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    marks: dict[tuple[int, int], str] = {}
    if wanted and meeting_ids:
        rows = db.session.execute(
            sa.select(Attendance.meeting_id, Attendance.user_id, Attendance.status)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(
                Meeting.cohort_id == cohort_id,
                Meeting.status != "cancelled",
                Meeting.starts_at <= utcnow(),
                Attendance.user_id.in_(wanted),
            )
        )
        marks = {(meeting_id, user_id): status for meeting_id, user_id, status in rows}
    return {
        user_id: [marks.get((meeting_id, user_id)) for meeting_id in meeting_ids]
        for user_id in wanted
    }


def refresh_absence_flags(cohort: Cohort, user_ids: Iterable[int]) -> None:
    """Raise or clear each member's consecutive-absence flag after their marks change.

    An open flag (``cleared_at`` is None) is what the notification worker turns
    into an alert for the facilitators; it is raised once per run of absences.
    A fixed number of statements for any number of people.
    """
    wanted = set(user_ids)
    if not wanted:
        return
    history = statuses_in_order(cohort.id, wanted)
    open_flags = {
        flag.user_id: flag
        for flag in db.session.scalars(
            sa.select(AbsenceFlag).where(
                AbsenceFlag.cohort_id == cohort.id,
                AbsenceFlag.user_id.in_(wanted),
                AbsenceFlag.cleared_at.is_(None),
            )
        )
    }
    threshold = cohort.absence_threshold
    now = utcnow()
    new_flags = []
    for user_id in sorted(wanted):
        run = consecutive_absences(history[user_id])
        open_flag = open_flags.get(user_id)
        if threshold > 0 and run >= threshold:
            if open_flag is None:
                new_flags.append(
                    {"cohort_id": cohort.id, "user_id": user_id, "streak": run, "raised_at": now}
                )
            else:
                open_flag.streak = run
        elif open_flag is not None:
            open_flag.cleared_at = now
    db.session.flush()
    if new_flags:
        db.session.execute(sa.insert(AbsenceFlag), new_flags)
