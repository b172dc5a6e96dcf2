"""Registers and rosters to print or file: attendance by member and meeting, the member
list, and a sign-in sheet for one meeting.

Each is read in a fixed number of statements whatever the number of members and
meetings; the CSV forms go through ``core.csv_safe``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import membership_state
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.csv_safe import write_rows
from groupapp.core.i18n import language_name
from groupapp.db import db
from groupapp.meetings.attendance_stats import STATUSES, AttendanceSummary, summarise
from groupapp.meetings.models import Attendance, Meeting

#: One letter per attendance status, as printed registers write them.
CODES = {"present": "P", "late": "L", "absent": "A", "excused": "E"}
# Paper sizes a printed register, roster or sign-in sheet comes in (fpdf2 format names).
PAPERS = {"a4": "A4", "letter": "Letter"}
CANCELLED = "X"
#: Members who had a place at some point appear on the register (and keep their marks).
REGISTER_STATUSES = ("active", "exited", "removed")
STATE_LABELS = {
    "joined": "Member",
    "invited": "Invited",
    "waitlisted": "Waiting list",
    "left": "Left",
    "erased": "Data erased",
}


@dataclass
class RegisterRow:
    """One member's line: a code per meeting (blank when nothing was recorded)."""

    name: str
    state: str
    codes: list[str]
    summary: AttendanceSummary


@dataclass
class Register:
    """Members by meetings, with totals per member and per meeting."""

    cohort: Cohort
    meetings: list[Meeting]
    rows: list[RegisterRow]
    totals: list[Counter[str]] = field(default_factory=list)  # per meeting, by status

    def meeting_total(self, index: int, status: str) -> int | None:
        """How many members had ``status`` at the meeting in column ``index``.

        None (a blank cell) for a cancelled meeting and for one with nothing recorded yet,
        such as a meeting still to come: a 0 there would read as "nobody came".
        """
        if self.meetings[index].status == "cancelled" or not self.totals[index]:
            return None
        return self.totals[index][status]


def _meetings(cohort_id: int) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.cohort_id == cohort_id)
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def _members(cohort_id: int, statuses: tuple[str, ...]) -> list[Membership]:
    return sorted(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.cohort_id == cohort_id, Membership.status.in_(statuses))
            .options(joinedload(Membership.user))
        ),
        key=lambda m: (m.user.display_name.lower(), m.id),
    )


def attendance_register(cohort: Cohort) -> Register:
    """The cohort's attendance register (three statements at any size).

    Cancelled meetings keep their column, marked ``X`` and left out of the totals.
    """
    meetings = _meetings(cohort.id)
    members = _members(cohort.id, REGISTER_STATUSES)
    marks = {
        (meeting_id, user_id): status
        for meeting_id, user_id, status in db.session.execute(
            sa.select(Attendance.meeting_id, Attendance.user_id, Attendance.status)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Meeting.cohort_id == cohort.id)
        )
    }
    totals: list[Counter[str]] = [Counter() for _ in meetings]
    rows = []
    for membership in members:
        codes = []
        statuses: list[str | None] = []
        for index, meeting in enumerate(meetings):
            if meeting.status == "cancelled":
                codes.append(CANCELLED)
                continue
            status = marks.get((meeting.id, membership.user_id))
            statuses.append(status)
            codes.append(CODES.get(status or "", ""))
            if status:
                totals[index][status] += 1
        state = STATE_LABELS[membership_state(membership)]
        rows.append(RegisterRow(membership.user.display_name, state, codes, summarise(statuses)))
    return Register(cohort, meetings, rows, totals)


def meeting_label(meeting: Meeting) -> str:
    """A column heading: the meeting's local date and time on the cohort's clock."""
    return meeting.local_start.replace("T", " ")


def register_csv(register: Register) -> str:
    """The register as CSV: member, state, a code per meeting, then the totals."""
    header = [
        "member",
        "status",
        *(meeting_label(m) for m in register.meetings),
        *STATUSES,
        "attendance_rate",
    ]
    rows: list[list[object]] = []
    for row in register.rows:
        counts = [getattr(row.summary, status) for status in STATUSES]
        rate = "" if row.summary.rate is None else round(row.summary.rate, 3)
        rows.append([row.name, row.state, *row.codes, *counts, rate])
    for status in STATUSES:
        per_meeting = [
            "" if (total := register.meeting_total(index, status)) is None else total
            for index in range(len(register.meetings))
        ]
        rows.append([f"total {status}", "", *per_meeting, *([""] * (len(STATUSES) + 1))])
    return write_rows(header, rows)


@dataclass(frozen=True)
class RosterRow:
    """A member as the roster lists them."""

    name: str
    state: str
    joined_on: date | None
    contact: str
    language: str = ""  # the language of their pages and email, named in itself


def roster(cohort: Cohort) -> list[RosterRow]:
    """Everyone offered or holding a place, and those who left, by name (one statement).

    The contact is the sign-in email address: the only way the app reaches a person.
    An erased person's address is not shown.
    """
    members = _members(cohort.id, ("active", "invited", "waitlisted", "exited", "removed"))
    rows = []
    for membership in members:
        state = membership_state(membership)
        user: User = membership.user
        contact = "" if state == "erased" else f"Email: {user.email}"
        rows.append(
            RosterRow(
                user.display_name,
                STATE_LABELS[state],
                membership.joined_on,
                contact,
                "" if state == "erased" else language_name(user.locale),
            )
        )
    return rows


def roster_csv(rows: list[RosterRow]) -> str:
    """The roster as CSV."""
    return write_rows(
        ["member", "status", "joined_on", "preferred_contact"],
        ([r.name, r.state, r.joined_on, r.contact] for r in rows),
    )


def sign_in_names(meeting: Meeting) -> list[str]:
    """The names for a meeting's sign-in sheet: members who have joined, by name."""
    return [m.user.display_name for m in _members(meeting.cohort_id, ("active",))]
