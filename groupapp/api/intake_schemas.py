"""What the intake endpoints read and write."""

from __future__ import annotations

import marshmallow as ma

from groupapp.api.submission_schemas import SubmissionWriteSchema


class IntakeWriteSchema(SubmissionWriteSchema):
    """The member's intake answers; ``submit`` sends them, otherwise they are a draft."""


class IntakeSchema(ma.Schema):
    """A member's intake in one cohort, with the questions of the version it answers."""

    cohort_id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    form_version = ma.fields.Integer(
        required=True, metadata={"description": "the version of the organisation's form"}
    )
    questions = ma.fields.List(
        ma.fields.Dict(),
        required=True,
        metadata={"description": "field definitions, as homework templates describe them"},
    )
    answers = ma.fields.Dict(required=True, metadata={"description": "what was sent"})
    draft = ma.fields.Dict(allow_none=True, metadata={"description": "the unsent working copy"})
    submitted_at = ma.fields.AwareDateTime(allow_none=True)
