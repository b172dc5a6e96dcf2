"""What the meeting and attendance endpoints read and write."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from groupapp.api.schemas import Id, Instant, LocalDateTime, PageArgs, Text
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

    starts_from = Instant(data_key="from")
    until = Instant(data_key="to")

    @ma.validates_schema(skip_on_field_errors=False)  # every problem at once
    def _from_before_to(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "starts_from" in data and "until" in data and data["starts_from"] > data["until"]:
            message = "from must not be later than to."
            raise ma.ValidationError({"from": [message], "to": [message]})


class NewMeetingSchema(ma.Schema):
    """An extra meeting outside the cohort's series."""

    local_start = LocalDateTime(required=True, metadata=LOCAL_START)
    duration_minutes = ma.fields.Integer(validate=Range(min=15, max=480))
    topic = Text(200, 1, required=True)


class MeetingChangeSchema(ma.Schema):
    """Reschedule (``local_start``), retitle (``topic``), cancel (status and reason) or
    reinstate (status ``scheduled``)."""

    local_start = LocalDateTime(metadata=LOCAL_START)
    duration_minutes = ma.fields.Integer(validate=Range(min=15, max=480))
    topic = Text(200, 1)
    status = ma.fields.String(
        validate=ma.validate.OneOf(("cancelled", "scheduled")),
        metadata={
            "description": "cancelled (with reason); or scheduled to reinstate a cancelled "
            "meeting (with local_start to move it too). A cancelled meeting is never "
            "rescheduled without it."
        },
    )
    reason = Text(
        1000, multiline=True, metadata={"description": "members read it; required to cancel"}
    )

    @ma.validates_schema(skip_on_field_errors=False)  # every problem at once
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
