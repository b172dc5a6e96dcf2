"""What the meeting feedback endpoints read and write."""

from __future__ import annotations

import marshmallow as ma

from groupapp.api.schemas import Id, Text
from groupapp.feedback.scale import MAX_CHANGE


def Rating(statement: str) -> ma.fields.Integer:
    """One rated item, 1 (not at all) to 5 (completely)."""
    return ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=1, max=5), metadata={"description": statement}
    )


class MeetingFeedbackRequestSchema(ma.Schema):
    """A meeting the caller can give feedback on now."""

    meeting_id = Id(required=True)
    cohort_id = Id(required=True)
    cohort_name = ma.fields.String(required=True)
    starts_at = ma.fields.AwareDateTime(required=True)
    topic = ma.fields.String(required=True)
    closes_at = ma.fields.AwareDateTime(required=True)


class MeetingFeedbackWriteSchema(ma.Schema):
    """Three ratings from 1 (not at all) to 5 (completely), and one optional line."""

    heard = Rating("I felt heard")
    useful = Rating("The meeting was useful to me")
    safe = Rating("I felt safe to say what I meant")
    change = Text(MAX_CHANGE, load_default="", metadata={"description": "one thing to change"})


class MeetingFeedbackSchema(MeetingFeedbackWriteSchema):
    """The caller's own answer about a meeting."""

    meeting_id = Id(required=True)
    answered_at = ma.fields.AwareDateTime(required=True)


class MeetingFeedbackSummarySchema(ma.Schema):
    """A meeting's feedback for its staff: the count always; means (1..5) and the
    "one thing to change" lines, alphabetically, only from five answers. Never names."""

    meeting_id = Id(required=True)
    answers = ma.fields.Integer(required=True)
    shown = ma.fields.Boolean(required=True)
    heard = ma.fields.Float(allow_none=True)
    useful = ma.fields.Float(allow_none=True)
    safe = ma.fields.Float(allow_none=True)
    overall = ma.fields.Float(allow_none=True)
    changes = ma.fields.List(ma.fields.String(), required=True)
