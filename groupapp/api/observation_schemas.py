"""What the after-meeting and observation endpoints read and write."""

from __future__ import annotations

import marshmallow as ma

from groupapp.api.schemas import Id, Text
from groupapp.meetings.models import ATTENDANCE_STATUSES
from groupapp.observations.sheet import MAX_GROUP_TEXT, MAX_NOTE

RATINGS = {
    "description": "item id -> option value of the observation scale (0 not seen .. 3 often)"
}


class GroupNoteSchema(ma.Schema):
    """The group note of a meeting."""

    covered = Text(MAX_GROUP_TEXT, multiline=True, load_default="")
    themes = Text(MAX_GROUP_TEXT, multiline=True, load_default="")
    follow_up = Text(MAX_GROUP_TEXT, multiline=True, load_default="")


class MemberWriteSchema(ma.Schema):
    """One member's part: attendance (optional), private note and ratings (replaced)."""

    user_id = Id(required=True)
    attendance = ma.fields.String(validate=ma.validate.OneOf(ATTENDANCE_STATUSES))
    note = Text(MAX_NOTE, multiline=True, load_default="")
    ratings = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Length(max=64)),
        values=ma.fields.Raw(),
        load_default=dict,
        metadata=RATINGS,
    )


class AfterMeetingWriteSchema(ma.Schema):
    """A whole or partial after-meeting record: members left out are left as they are,
    and without ``group_note`` the stored one stays."""

    group_note = ma.fields.Nested(GroupNoteSchema)
    members = ma.fields.List(
        ma.fields.Nested(MemberWriteSchema), load_default=list, validate=ma.validate.Length(max=500)
    )


class MemberRecordSchema(ma.Schema):
    """One joined member with their mark, note and ratings at the meeting."""

    user_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    attendance = ma.fields.String(allow_none=True)
    note = ma.fields.String(required=True)
    ratings = ma.fields.Dict(required=True, metadata=RATINGS)
    codependent = ma.fields.Float(
        allow_none=True, metadata={"description": "mean of the codependent items, 0-3"}
    )
    interdependent = ma.fields.Float(
        allow_none=True, metadata={"description": "mean of the interdependent items, 0-3"}
    )


class AfterMeetingSchema(ma.Schema):
    """A meeting's after-meeting record (staff only)."""

    meeting_id = ma.fields.Integer(required=True)
    instrument = ma.fields.String(
        required=True, metadata={"description": "the observation scale: id@version"}
    )
    group_note = ma.fields.Nested(GroupNoteSchema, required=True)
    members = ma.fields.List(ma.fields.Nested(MemberRecordSchema), required=True)


class ObservationSchema(ma.Schema):
    """One rated meeting of a participant."""

    meeting_id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    starts_at = ma.fields.AwareDateTime(required=True)
    codependent = ma.fields.Float(allow_none=True)
    interdependent = ma.fields.Float(allow_none=True)
