"""What the meeting and attendance endpoints read and write."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from groupapp.api.schemas import Id, LocalDateTime, PageArgs, Text
from groupapp.meetings.models import ATTENDANCE_STATUSES

Range = ma.validate.Range
LOCAL_START = {"description": "wall-clock start in the cohort's time zone, e.g. 2026-03-10T18:00"}


class MeetingSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    starts_at = ma.fields.AwareDateTime(required=True)
    ends_at = ma.fields.AwareDateTime(required=True)
    timezone = ma.fields.String(attribute="cohort.timezone", required=True)
    local_start = ma.fields.String(required=True, metadata=LOCAL_START)
    topic = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    cancel_reason = ma.fields.String(required=True)
    is_extra = ma.fields.Boolean(required=True)


class MeetingRangeArgs(PageArgs):
    """Meetings overlapping [from, to), both optional instants with an offset."""

    starts_from = ma.fields.AwareDateTime(data_key="from")
    until = ma.fields.AwareDateTime(data_key="to")


class NewMeetingSchema(ma.Schema):
    """An extra meeting outside the cohort's series."""

    local_start = LocalDateTime(required=True, metadata=LOCAL_START)
    duration_minutes = ma.fields.Integer(validate=Range(min=15, max=480))
    topic = Text(200, 1, required=True)


class MeetingChangeSchema(ma.Schema):
    """Reschedule (``local_start``), retitle (``topic``) or cancel (status and reason)."""

    local_start = LocalDateTime(metadata=LOCAL_START)
    duration_minutes = ma.fields.Integer(validate=Range(min=15, max=480))
    topic = Text(200, 1)
    status = ma.fields.String(validate=ma.validate.OneOf(("cancelled",)))
    reason = Text(
        1000, multiline=True, metadata={"description": "members read it; required to cancel"}
    )

    @ma.validates_schema
    def _cancel_needs_reason(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("status") == "cancelled" and not (data.get("reason") or "").strip():
            raise ma.ValidationError("Say why the meeting is cancelled.", "reason")
        if data.get("status") == "cancelled" and "local_start" in data:
            raise ma.ValidationError("Cancel or reschedule, not both at once.", "status")


class MarkSchema(ma.Schema):
    user_id = Id(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(ATTENDANCE_STATUSES))
    comment = Text(500, multiline=True, load_default="")


class RosterResultSchema(ma.Schema):
    changed = ma.fields.Integer(required=True, metadata={"description": "rows that changed"})
