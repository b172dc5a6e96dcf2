"""A cohort's meetings: list, add, read, reschedule, cancel; attendance."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_login import current_user
from flask_smorest import abort

from groupapp.api.auth import api_blueprint
from groupapp.api.changes import commit_or_refuse, field_error, refuse, repeated_entries
from groupapp.api.meeting_schemas import (
    MarkSchema,
    MeetingChangeSchema,
    MeetingRangeArgs,
    MeetingSchema,
    NewMeetingSchema,
    RosterResultSchema,
)
from groupapp.api.schemas import ID, page_query, page_schema
from groupapp.api.views_cohorts import load_cohort
from groupapp.cohorts import attendance
from groupapp.cohorts import meeting_services as services
from groupapp.cohorts.access import manages
from groupapp.cohorts.membership_state import is_joined
from groupapp.core.access import can, get_or_404
from groupapp.core.local_fields import choose_local
from groupapp.core.problems import problem
from groupapp.core.timezones import LocalTimeError
from groupapp.meetings.models import Meeting

blp = api_blueprint("meetings", "Meetings and attendance")


def _starts_at(body: dict[str, Any], zone: str) -> datetime:
    """The UTC instant ``local_start`` means on ``zone``'s clock (one rule with the pages)."""
    local: datetime = body["local_start"]
    try:
        return choose_local(local.date(), local.time(), zone).instant
    except LocalTimeError as exc:
        field_error("local_start", str(exc))


@blp.route(f"/cohorts/<{ID}:cohort_id>/meetings", methods=["GET"])
@blp.arguments(MeetingRangeArgs, location="query")
@blp.response(200, page_schema(MeetingSchema))
def list_meetings(args: dict[str, Any], cohort_id: int) -> Any:
    """The cohort's meetings in time order, optionally those overlapping [from, to)."""
    cohort = load_cohort(cohort_id)
    if not (manages(current_user, cohort) or is_joined(current_user, cohort)):
        abort(403, message="Meetings are for members who have joined the cohort.")
    query = sa.select(Meeting).where(Meeting.cohort_id == cohort.id)
    if "starts_from" in args:
        query = query.where(Meeting.ends_at > args["starts_from"])
    if "until" in args:
        query = query.where(Meeting.starts_at < args["until"])
    return page_query(query.order_by(Meeting.starts_at, Meeting.id), args)


@blp.route(f"/cohorts/<{ID}:cohort_id>/meetings", methods=["POST"])
@blp.arguments(NewMeetingSchema)
@blp.response(201, MeetingSchema)
def add_meeting(body: dict[str, Any], cohort_id: int) -> Any:
    """Add an extra meeting at a local date and time in the cohort's zone."""
    cohort = load_cohort(cohort_id, "manage")
    starts_at = _starts_at(body, cohort.timezone)
    duration = body.get("duration_minutes", cohort.duration_minutes)
    return commit_or_refuse(
        lambda: services.add_extra(cohort, starts_at, duration, body["topic"], current_user)
    )


@blp.route(f"/meetings/<{ID}:meeting_id>", methods=["GET"])
@blp.response(200, MeetingSchema)
def get_meeting(meeting_id: int) -> Any:
    """One meeting (the cohort's members and facilitators see it)."""
    return get_or_404(Meeting, meeting_id)


@blp.route(f"/meetings/<{ID}:meeting_id>", methods=["PATCH"])
@blp.arguments(MeetingChangeSchema)
@blp.response(200, MeetingSchema)
def update_meeting(body: dict[str, Any], meeting_id: int) -> Any:
    """Reschedule, retitle, cancel or reinstate a meeting; members are told as from the pages.

    A cancelled meeting is only moved with ``status: "scheduled"`` (422 naming ``status``
    otherwise), the rule the reschedule page keeps too.
    """
    meeting = get_or_404(Meeting, meeting_id)
    reinstate = body.get("status") == "scheduled"
    wanted = {
        "reschedule": "local_start" in body or "duration_minutes" in body or reinstate,
        "edit": "topic" in body,
        "cancel": body.get("status") == "cancelled",
    }
    if any(needed and not can(current_user, action, meeting) for action, needed in wanted.items()):
        return problem(403, "Only the cohort's facilitators change its meetings.")
    starts_at = meeting.starts_at
    if "local_start" in body:
        starts_at = _starts_at(body, meeting.cohort.timezone)
    minutes = body.get("duration_minutes") or int(
        (meeting.ends_at - meeting.starts_at) / timedelta(minutes=1)
    )

    def change() -> Meeting:
        if wanted["reschedule"]:
            services.reschedule(meeting, starts_at, minutes, current_user, reinstate=reinstate)
        if wanted["edit"]:
            services.edit_topic(meeting, body["topic"], current_user)
        if wanted["cancel"]:
            services.cancel(meeting, body["reason"], current_user)
        return meeting

    return commit_or_refuse(change)


@blp.route(f"/meetings/<{ID}:meeting_id>/attendance", methods=["PUT"])
@blp.arguments(MarkSchema(many=True))
@blp.response(200, RosterResultSchema)
def put_attendance(marks: list[dict[str, Any]], meeting_id: int) -> Any:
    """Record attendance: one mark per person (active members of the cohort only)."""
    meeting = get_or_404(Meeting, meeting_id, "attendance")
    _refuse_strangers_and_repeats(marks, attendance.active_member_ids(meeting.cohort))
    roster = {m["user_id"]: attendance.Mark(m["status"], m["comment"]) for m in marks}
    changed = commit_or_refuse(lambda: attendance.record_roster(meeting, roster, current_user))
    return {"changed": changed}


def _refuse_strangers_and_repeats(marks: list[dict[str, Any]], members: set[int]) -> None:
    """A 422 naming each mark (``3.user_id``) for someone not an active member, or marked twice."""
    errors = [
        {
            "location": "json",
            "field": f"{index}.user_id",
            "detail": "Not an active member of this cohort.",
        }
        for index, mark in enumerate(marks)
        if mark["user_id"] not in members
    ]
    errors += repeated_entries(marks, "user_id")
    if errors:
        refuse("Only active members of the cohort can be marked, each once; see errors.", errors)
