"""What assigning homework, writing a submission and reviewing it read and write."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_login import current_user

from groupapp.api.schemas import Id, IdOf, Instant, KeyOf, Text
from groupapp.homework.template_services import OWN_PREFIX, TemplateChoice, find_choice

REVIEW_ACTIONS = ("reviewed", "revision")


def _offered(key: str) -> TemplateChoice | None:
    """The template the assign page offers the caller under ``key`` (staff only)."""
    if not current_user.is_staff:
        return None
    return find_choice(current_user.organisation_id, key)


class NewAssignmentSchema(ma.Schema):
    """Homework from a template the assign page offers, due at a time or before a meeting."""

    template = KeyOf(
        _offered,
        "template",
        validate=ma.validate.Length(min=1, max=200),
        metadata={
            "description": "a key from GET /api/v1/homework-templates (own:12, builtin:slug)"
        },
    )
    template_id = IdOf(
        lambda template_id: _offered(f"{OWN_PREFIX}{template_id}"),
        "template",
        metadata={"description": "the organisation's own template; or give template"},
    )
    due_at = Instant(
        metadata={"description": "an instant with its offset; or give before_meeting_id"}
    )
    before_meeting_id = Id(metadata={"description": "due when this meeting of the cohort starts"})
    participant_ids = ma.fields.List(
        Id(),
        validate=ma.validate.Length(min=1, max=500),
        metadata={"description": "only these active members (default: the whole cohort)"},
    )
    include_later_joiners = ma.fields.Boolean(
        load_default=False, metadata={"description": "whole-cohort homework only"}
    )
    title = Text(120, metadata={"description": "default: the template's title"})
    instructions = Text(
        4000, multiline=True, metadata={"description": "default: the template's instructions"}
    )

    @ma.validates_schema(skip_on_field_errors=False, pass_original=True)  # every problem
    def _one_template(self, data: dict[str, Any], sent: Any, **_kwargs: Any) -> None:
        # What was sent, not what loaded: an unknown template is its own problem.
        given = sent if isinstance(sent, dict) else data
        if ("template" in given) == ("template_id" in given):
            raise ma.ValidationError(
                "Give template (a key) or template_id, one of them.", "template"
            )

    @ma.validates_schema(skip_on_field_errors=False)  # every problem at once
    def _one_due_point(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "due_at" in data and "before_meeting_id" in data:
            raise ma.ValidationError("Give due_at or before_meeting_id, not both.", "due_at")


class SubmissionWriteSchema(ma.Schema):
    """The participant's answers; ``submit`` hands them in, otherwise they are a draft."""

    answers = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Length(min=1, max=40)),
        values=ma.fields.Raw(allow_none=True),
        required=True,
        metadata={
            "description": "field key -> text, number or list of options; a repeating "
            "group takes a list of {sub-field key: value} entries"
        },
    )
    submit = ma.fields.Boolean(load_default=False)


class FeedbackSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(
        required=True, metadata={"description": "comment, reviewed or revision_request"}
    )
    body = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class WrittenSubmissionSchema(ma.Schema):
    """A submission as its author sees it after writing: handed-in answers and the draft."""

    id = ma.fields.Integer(required=True)
    assignment_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    answers = ma.fields.Dict(required=True, metadata={"description": "what was handed in"})
    draft = ma.fields.Dict(allow_none=True, metadata={"description": "the unsent working copy"})
    draft_saved_at = ma.fields.AwareDateTime(allow_none=True)
    submitted_at = ma.fields.AwareDateTime(allow_none=True)


class ReviewSchema(ma.Schema):
    """A comment; with ``action`` the submission is also marked reviewed or sent back."""

    comment = Text(4000, multiline=True, load_default="")
    action = ma.fields.String(
        validate=ma.validate.OneOf(REVIEW_ACTIONS),
        metadata={"description": "reviewed (comment optional) or revision (say what to revise)"},
    )


class ReviewResultSchema(ma.Schema):
    submission_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    feedback = ma.fields.Nested(FeedbackSchema, allow_none=True, required=True)
