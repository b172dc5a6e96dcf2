"""Homework: the organisation's templates, an assignment, and one's own homework."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_login import current_user

from groupapp.api.auth import api_blueprint, require_staff
from groupapp.api.changes import refuse
from groupapp.api.schemas import ID, PageArgs, page_of, page_schema
from groupapp.core.access import get_or_404
from groupapp.db import db
from groupapp.homework import queries
from groupapp.homework.models import Assignment, HomeworkTemplate, Submission
from groupapp.homework.services import record_read
from groupapp.homework.template_services import (
    BUILTIN_PREFIX,
    OWN_PREFIX,
    TemplateChoice,
    choice_translations,
    own_choice,
    read_translations,
    save_translations,
    template_choices,
)

blp = api_blueprint("homework", "Homework templates, assignments and submissions")


class _WorksheetSchema(ma.Schema):
    """What a template and an assignment made from it both carry."""

    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    instructions = ma.fields.String(required=True)
    form_fields = ma.fields.List(
        ma.fields.Dict(), attribute="fields", data_key="fields", required=True
    )


TRANSLATIONS = {
    "type": "object",
    "description": "words in other languages by language code (es): title, summary, "
    "instructions and per field key label, help, min_label, max_label, entry_label, "
    "choices (label per value) and fields (a group's parts); types, limits and choice "
    "values come from the English",
}


class TemplateSchema(ma.Schema):
    """A template as the assign page offers it: the organisation's own or a built-in."""

    key = ma.fields.String(
        required=True,
        metadata={"description": "own:<id> or builtin:<slug>; POST it as an assignment's template"},
    )
    id = ma.fields.Integer(
        attribute="template_id",
        allow_none=True,
        metadata={"description": "the organisation's template id (null for a built-in)"},
    )
    source_slug = ma.fields.String(
        allow_none=True, metadata={"description": "the built-in it is (or was copied from)"}
    )
    version = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "the own template's version (null for a built-in)"},
    )
    builtin = ma.fields.Boolean(attribute="is_builtin", required=True)
    title = ma.fields.String(required=True)
    summary = ma.fields.String(required=True)
    instructions = ma.fields.String(required=True)
    form_fields = ma.fields.Function(
        lambda choice: [item.to_dict() for item in choice.fields],
        data_key="fields",
        required=True,
    )
    translations = ma.fields.Method("_translations", required=True, metadata=TRANSLATIONS)

    def _translations(self, choice: TemplateChoice) -> dict[str, Any]:
        return choice_translations(choice)


class AssignmentSchema(_WorksheetSchema):
    cohort_id = ma.fields.Integer(required=True)
    template = ma.fields.Method(
        "_template_key",
        allow_none=True,
        metadata={
            "type": "string",
            "nullable": True,
            "description": "the key it was assigned from (builtin:<slug> or own:<id>, as in "
            "GET /api/v1/homework-templates)",
        },
    )
    template_id = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "the organisation's own template (null for a built-in)"},
    )
    audience = ma.fields.String(required=True)
    translations = ma.fields.Function(
        lambda assignment: assignment.translations or {},
        required=True,
        metadata={
            **TRANSLATIONS,
            "description": "the template version's translations as given (a built-in's "
            "follow its own files: see GET /api/v1/homework-templates)",
        },
    )
    due_at = ma.fields.AwareDateTime(allow_none=True)
    due_meeting_id = ma.fields.Integer(allow_none=True)

    def _template_key(self, assignment: Assignment) -> str | None:
        if assignment.template_id is not None:
            return f"{OWN_PREFIX}{assignment.template_id}"
        if assignment.source_slug:
            return f"{BUILTIN_PREFIX}{assignment.source_slug}"
        return None


class MySubmissionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    assignment_id = ma.fields.Integer(required=True)
    title = ma.fields.String(attribute="assignment.title", required=True)
    cohort_id = ma.fields.Integer(attribute="assignment.cohort_id", required=True)
    status = ma.fields.String(required=True)
    due_at = ma.fields.AwareDateTime(attribute="assignment.due_at", allow_none=True)
    submitted_at = ma.fields.AwareDateTime(allow_none=True)


@blp.route("/homework-templates", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(TemplateSchema))
def list_templates(args: dict[str, int]) -> Any:
    """The templates the assign page offers (staff): the organisation's own, then built-ins."""
    require_staff("Homework templates")
    return page_of(template_choices(current_user.organisation_id), args)


class TranslationsBody(ma.Schema):
    """An own template's translations, replacing those it has (leave one out to remove it)."""

    es = ma.fields.Dict(
        allow_none=True,
        load_default=None,
        metadata={**TRANSLATIONS, "description": "the Spanish words; every word or none"},
    )


@blp.route(f"/homework-templates/<{ID}:template_id>/translations", methods=["PUT"])
@blp.arguments(TranslationsBody)
@blp.response(200, TemplateSchema)
def put_template_translations(body: dict[str, Any], template_id: int) -> Any:
    """Replace an own template's translations (staff): a new version of the template;
    422 names every missing or unknown word by its path (``es.fields.situation.help``)."""
    template = get_or_404(HomeworkTemplate, template_id, "edit")
    translations, problems = read_translations(template, body)
    if problems:
        errors = [{"location": "json", "field": path, "detail": text} for path, text in problems]
        refuse("The translation is not complete.", errors)
    save_translations(template, translations)
    db.session.commit()
    return own_choice(template)


@blp.route(f"/assignments/<{ID}:assignment_id>", methods=["GET"])
@blp.response(200, AssignmentSchema)
def get_assignment(assignment_id: int) -> Any:
    """One assignment: its cohort's staff, and the people it was given to, see it."""
    return get_or_404(Assignment, assignment_id)


@blp.route("/me/submissions", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(MySubmissionSchema))
def my_submissions(args: dict[str, int]) -> Any:
    """The caller's own homework (cancelled assignments left out), due first."""
    rows = sorted(queries.user_submissions(current_user), key=queries.due_sort_key)
    return page_of(rows, args)


class SubmissionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    assignment_id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    answers = ma.fields.Dict(
        required=True, metadata={"description": "what was handed in: field id -> value"}
    )
    draft = ma.fields.Method(
        "_own_draft",
        allow_none=True,
        metadata={
            "type": "object",
            "nullable": True,
            "description": "the saved, unsent answers: shown to their author only",
        },
    )
    draft_saved_at = ma.fields.Method(
        "_own_draft_saved_at",
        allow_none=True,
        metadata={"type": "string", "format": "date-time", "nullable": True},
    )
    due_at = ma.fields.AwareDateTime(attribute="assignment.due_at", allow_none=True)
    submitted_at = ma.fields.AwareDateTime(allow_none=True)
    reviewed_at = ma.fields.AwareDateTime(allow_none=True)

    def _own_draft(self, submission: Submission) -> dict[str, Any] | None:
        # The draft is the participant's working copy, never shown to anyone else.
        return submission.draft if submission.user_id == current_user.id else None

    def _own_draft_saved_at(self, submission: Submission) -> str | None:
        if submission.user_id != current_user.id or submission.draft_saved_at is None:
            return None
        return submission.draft_saved_at.isoformat()


@blp.route(f"/submissions/<{ID}:submission_id>", methods=["GET"])
@blp.response(200, SubmissionSchema)
def get_submission(submission_id: int) -> Any:
    """One handed-in or draft submission: its author and the cohort's staff (audited)."""
    submission = get_or_404(Submission, submission_id)
    record_read(submission)
    db.session.commit()
    return submission
