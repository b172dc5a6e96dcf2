"""The after-meeting record of a meeting, and a participant's observations over time."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import abort

from groupapp.accounts.models import User
from groupapp.api.auth import api_blueprint
from groupapp.api.changes import commit_or_refuse, refuse, repeated_entries
from groupapp.api.observation_schemas import (
    AfterMeetingSchema,
    AfterMeetingWriteSchema,
    ObservationSchema,
)
from groupapp.api.schemas import ID, PageArgs, page_of, page_schema
from groupapp.assessments.access import score_cohort_ids
from groupapp.audit.services import record
from groupapp.core.access import get_or_404
from groupapp.db import db
from groupapp.meetings.models import Meeting
from groupapp.observations.services import (
    Sheet,
    group_note,
    instrument_label,
    load_sheet,
    member_observations,
    record_sheet_read,
    save_sheet,
)
from groupapp.observations.sheet import read_json

blp = api_blueprint("observations", "After the meeting: group note, members' notes and ratings")


def _shown(sheet: Sheet) -> dict[str, Any]:
    return {
        "meeting_id": sheet.meeting.id,
        "instrument": instrument_label(),
        "group_note": group_note(sheet.record),
        "members": [
            {
                "user_id": row.user.id,
                "name": row.user.display_name,
                "attendance": row.status or None,
                "note": row.observation.note if row.observation else "",
                "ratings": row.observation.answers if row.observation else {},
                "codependent": row.observation.codependent if row.observation else None,
                "interdependent": row.observation.interdependent if row.observation else None,
            }
            for row in sheet.members
        ],
    }


@blp.route(f"/meetings/<{ID}:meeting_id>/after-meeting", methods=["GET"])
@blp.response(200, AfterMeetingSchema)
def get_after_meeting(meeting_id: int) -> Any:
    """The meeting's group note and each joined member's mark, note and ratings (the
    cohort's facilitators and the organisation's admins; every read audited)."""
    meeting = get_or_404(Meeting, meeting_id, "notes")
    sheet = load_sheet(meeting)
    data = _shown(sheet)
    record_sheet_read(sheet)
    db.session.commit()
    return data


@blp.route(f"/meetings/<{ID}:meeting_id>/after-meeting", methods=["PUT"])
@blp.arguments(AfterMeetingWriteSchema)
@blp.response(200, AfterMeetingSchema)
def put_after_meeting(body: dict[str, Any], meeting_id: int) -> Any:
    """Record attendance, the group note, and listed members' notes and ratings at once;
    every problem is listed and nothing is saved until all are fixed."""
    meeting = get_or_404(Meeting, meeting_id, "notes")
    sheet = load_sheet(meeting)
    if "group_note" not in body:
        body = {**body, "group_note": group_note(sheet.record)}
    typed = read_json(body, sheet.names(), sheet.statuses())
    repeats = repeated_entries(body.get("members", []), "user_id", "members.")
    if typed.problems or repeats:
        errors = [
            {"location": "json", "field": _path(body, target), "detail": text}
            for target, text in typed.problems
        ] + repeats
        refuse("Some entries need attention; nothing was saved.", errors)
    commit_or_refuse(lambda: save_sheet(sheet, typed, current_user), status=409)
    sheet = load_sheet(db.session.get(Meeting, meeting_id) or meeting)
    return _shown(sheet)


def _path(body: dict[str, Any], target: str) -> str:
    """The JSON path of a problem the sheet names by form input (``rate-7-control``)."""
    kind, _, rest = target.partition("-")
    if kind not in ("rate", "note", "status"):
        return target if target.startswith("members.") else f"group_note.{target}"
    user_id, _, item = rest.partition("-")
    index = next(
        (i for i, m in enumerate(body.get("members", [])) if str(m["user_id"]) == user_id), 0
    )
    field = {"rate": f"ratings.{item}", "note": "note", "status": "attendance"}[kind]
    return f"members.{index}.{field}"


@blp.route(f"/participants/<{ID}:participant_id>/observations", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(ObservationSchema))
def participant_observations(args: dict[str, int], participant_id: int) -> Any:
    """A participant's observation subscales per rated meeting, oldest first, in the
    cohorts the caller runs (staff only; audited)."""
    person = db.session.get(User, participant_id)
    if person is None or not current_user.is_staff or current_user.id == participant_id:
        abort(404)
    cohort_ids = score_cohort_ids(current_user, participant_id)
    if not cohort_ids:
        abort(404)
    record("observation.list.read", ("User", participant_id), subject_user_id=participant_id)
    db.session.commit()
    return page_of(member_observations(participant_id, cohort_ids), args)
