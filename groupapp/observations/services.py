"""The after-meeting record: loading the sheet, saving it, and reading observations.

Services flush and never commit; the view or API call commits once. Saving runs a fixed
number of statements whatever the number of members: attendance goes through the
register service, notes and ratings are written in one upsert each, and the audit rows of
what changed in one insert. Only rows whose text or ratings changed are written, so the
screen's autosave every few seconds leaves no trail of identical writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite

from groupapp.accounts.models import User
from groupapp.assessments.builtin import observation_instrument
from groupapp.assessments.scoring import score, value_text
from groupapp.audit.services import record, record_many
from groupapp.cohorts import attendance
from groupapp.cohorts.meeting_queries import roster
from groupapp.core.actions import Refusal
from groupapp.db import db, utcnow
from groupapp.meetings.models import Attendance, Meeting
from groupapp.observations.models import MeetingRecord, MemberObservation
from groupapp.observations.sheet import GROUP_FIELDS, MemberInput, SheetInput


class CancelledMeeting(Refusal):
    """Notes and ratings are only kept for meetings that took place."""


@dataclass
class MemberRow:
    """One joined member on the sheet with their mark and what was recorded for them."""

    user: User
    mark: Attendance | None
    observation: MemberObservation | None

    @property
    def status(self) -> str:
        """The attendance status recorded, or "" when not marked yet."""
        return self.mark.status if self.mark else ""


@dataclass
class Sheet:
    """Everything the after-meeting screen shows for one meeting."""

    meeting: Meeting
    record: MeetingRecord | None
    members: list[MemberRow]

    def names(self) -> dict[int, str]:
        """``{user id: display name}`` of the cohort's joined members."""
        return {row.user.id: row.user.display_name for row in self.members}

    def statuses(self) -> dict[int, str]:
        """``{user id: attendance status}`` of the members marked so far."""
        return {row.user.id: row.status for row in self.members if row.status}

    def last_saved(self) -> datetime | None:
        """When anything on the sheet (group note, a note, ratings, a mark) was last
        stored (UTC), or None before anything was."""
        times = [self.record.updated_at] if self.record else []
        for row in self.members:
            if row.observation is not None:
                times.append(row.observation.updated_at)
            if row.mark is not None and row.mark.recorded_at is not None:
                times.append(row.mark.recorded_at)
        return max(times, default=None)


def instrument_label() -> str:
    """``<id>@<version>`` of the observation scale ratings are given on now."""
    scale = observation_instrument()
    return f"{scale.id}@{scale.version}"


def load_sheet(meeting: Meeting) -> Sheet:
    """The meeting's joined members, their marks, the group note and their notes and
    ratings, in four statements whatever the cohort's size."""
    rows = roster(meeting)
    group = db.session.scalar(
        sa.select(MeetingRecord).where(MeetingRecord.meeting_id == meeting.id)
    )
    seen = {
        row.user_id: row
        for row in db.session.scalars(
            sa.select(MemberObservation).where(MemberObservation.meeting_id == meeting.id)
        )
    }
    return Sheet(meeting, group, [MemberRow(r.user, r.mark, seen.get(r.user.id)) for r in rows])


def record_sheet_read(sheet: Sheet) -> None:
    """Audit that the staff member read the notes and ratings on the sheet: one row per
    member with something recorded (one statement), plus the group note."""
    if sheet.record is not None:
        record("after_meeting.read", sheet.record)
    record_many(
        "observation.read",
        ((row.observation, row.user.id, None) for row in sheet.members if row.observation),
    )


def group_note(stored: MeetingRecord | None) -> dict[str, str]:
    """The group note's fields as stored (empty strings before anything was written)."""
    return {key: getattr(stored, key) if stored else "" for key in GROUP_FIELDS}


def typed_values(sheet: Sheet) -> SheetInput:
    """What is stored, in the shape the screen shows (the form's own values on a retry)."""
    values = SheetInput(group=group_note(sheet.record))
    for row in sheet.members:
        seen = row.observation
        answers = dict(seen.answers) if seen else {}
        values.members[row.user.id] = MemberInput(
            status=row.status,
            note=seen.note if seen else "",
            ratings=answers,
            raw_ratings={k: value_text(v) for k, v in answers.items()},
        )
    return values


def save_sheet(sheet: Sheet, typed: SheetInput, actor: User) -> int:
    """Store a checked sheet (no ``typed.problems``); returns how many things changed.

    Raises ``CancelledMeeting`` for a cancelled meeting; attendance is recorded through
    the register service, which raises ``AttendanceError`` for a meeting not started yet
    (both are ``Refusal``s: nothing is saved).
    """
    meeting = sheet.meeting
    if meeting.status == "cancelled":
        raise CancelledMeeting(_("This meeting was cancelled, so there is nothing to record."))
    changed = 0
    marks = {
        row.user.id: attendance.Mark(m.status, row.mark.comment if row.mark else "")
        for row in sheet.members
        if (m := typed.members.get(row.user.id)) and m.status
    }
    if marks:
        changed += attendance.record_roster(meeting, marks, actor)
    changed += _save_group(meeting, sheet.record, typed.group, actor)
    changed += _save_members(sheet, typed, actor)
    db.session.flush()
    return changed


def _save_group(
    meeting: Meeting, group: MeetingRecord | None, typed: dict[str, str], actor: User
) -> int:
    if group is None and not any(typed.values()):
        return 0
    if group is not None and all(getattr(group, k) == v for k, v in typed.items()):
        return 0
    now = utcnow()
    values = {**typed, "updated_by_id": actor.id, "updated_at": now}
    _upsert(
        MeetingRecord,
        ["meeting_id"],
        [{"meeting_id": meeting.id, "created_at": now, **values}],
        values,
    )
    stored = db.session.scalar(
        sa.select(MeetingRecord).where(MeetingRecord.meeting_id == meeting.id)
    )
    if group is not None:
        db.session.expire(group)
    record("after_meeting.update", stored)
    return 1


def _save_members(sheet: Sheet, typed: SheetInput, actor: User) -> int:
    scale = observation_instrument()
    label = instrument_label()
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for row in sheet.members:
        member = typed.members.get(row.user.id)
        if member is None:
            continue
        seen = row.observation
        if seen is None and not member.note and not member.ratings:
            continue
        if seen is not None and seen.note == member.note and seen.answers == member.ratings:
            continue
        result = {s.id: s.value for s in score(scale, member.ratings).subscales}
        rows.append(
            {
                "meeting_id": sheet.meeting.id,
                "cohort_id": sheet.meeting.cohort_id,
                "user_id": row.user.id,
                "note": member.note,
                "answers": member.ratings,
                "instrument": label,
                "codependent": result.get("codependent"),
                "interdependent": result.get("interdependent"),
                "rated_by_id": actor.id,
                "created_at": now,
                "updated_at": now,
            }
        )
    if not rows:
        return 0
    update = (
        "note",
        "answers",
        "instrument",
        "codependent",
        "interdependent",
        "rated_by_id",
        "updated_at",
    )
    ids = _upsert(MemberObservation, ["meeting_id", "user_id"], rows, update)
    for row in sheet.members:
        if row.observation is not None:
            db.session.expire(row.observation)
    record_many("observation.update", ((("MemberObservation", i), uid, None) for i, uid in ids))
    return len(rows)


def _upsert(
    model: Any, keys: list[str], rows: list[dict[str, Any]], update: Any
) -> list[tuple[int, int | None]]:
    """Insert ``rows`` or, where ``keys`` exist, overwrite the ``update`` columns: one
    statement on SQLite and PostgreSQL alike, so two tabs saving at once both succeed.
    Returns ``(id, user_id)`` of each row written (user_id None for tables without one)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(rows)
    columns = update if isinstance(update, tuple) else tuple(update)
    statement = statement.on_conflict_do_update(
        index_elements=keys, set_={c: statement.excluded[c] for c in columns}
    )
    user_col = getattr(model, "user_id", None)
    returning = statement.returning(model.id, user_col if user_col is not None else sa.null())
    return [(row[0], row[1]) for row in db.session.execute(returning)]


@dataclass(frozen=True)
class ObservationPoint:
    """One rated meeting of a member: when, and the two subscale means (None when a
    subscale was not fully rated)."""

    user_id: int
    meeting_id: int
    cohort_id: int
    starts_at: datetime
    codependent: float | None
    interdependent: float | None


def observation_points(*where: sa.ColumnElement[bool]) -> list[ObservationPoint]:
    """Rated meetings matching ``where``, in meeting time order (one statement). Callers
    check access and audit the read."""
    query = (
        sa.select(
            MemberObservation.user_id,
            MemberObservation.meeting_id,
            MemberObservation.cohort_id,
            Meeting.starts_at,
            MemberObservation.codependent,
            MemberObservation.interdependent,
        )
        .join(Meeting, Meeting.id == MemberObservation.meeting_id)
        .where(*where)
        .order_by(Meeting.starts_at, MemberObservation.id)
    )
    return [ObservationPoint(*row) for row in db.session.execute(query)]


def member_observations(
    user_id: int, cohort_ids: list[int] | None = None
) -> list[ObservationPoint]:
    """A member's rated meetings in time order, optionally only in ``cohort_ids``."""
    where = [MemberObservation.user_id == user_id]
    if cohort_ids is not None:
        where.append(MemberObservation.cohort_id.in_(cohort_ids))
    return observation_points(*where)
