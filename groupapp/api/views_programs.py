"""Programs of the caller's organisation (staff only, as on the program pages)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_login import current_user

from groupapp.api.auth import api_blueprint, require_staff
from groupapp.api.schemas import ID, PageArgs, page_of, page_schema
from groupapp.core.access import get_or_404
from groupapp.programs import services as programs
from groupapp.programs.models import Program

blp = api_blueprint("programs", "Programs cohorts follow")


class TopicSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    position = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    goals = ma.fields.List(ma.fields.String(), attribute="goal_lines", required=True)
    agenda = ma.fields.List(ma.fields.String(), attribute="agenda_lines", required=True)


class ProgramSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    modality = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    weeks = ma.fields.Integer(required=True)
    meeting_minutes = ma.fields.Integer(required=True)
    topics = ma.fields.List(ma.fields.Nested(TopicSchema), required=True)


@blp.route("/programs", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(ProgramSchema))
def list_programs(args: dict[str, int]) -> Any:
    """The organisation's live programs with their topics (staff)."""
    require_staff("Programs")
    return page_of(programs.organisation_programs(current_user.organisation_id), args)


@blp.route(f"/programs/<{ID}:program_id>", methods=["GET"])
@blp.response(200, ProgramSchema)
def get_program(program_id: int) -> Any:
    """One program with its topics in order."""
    return get_or_404(Program, program_id)
