"""Questionnaires: the organisation's list, importing a file, scheduling one for a cohort."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from flask_smorest import abort

from groupapp.api.auth import api_blueprint, require_staff
from groupapp.api.body import takes_file
from groupapp.api.changes import field_error, refuse, refuse_unavailable, unknown_reference
from groupapp.api.instrument_schemas import (
    INSTRUMENT_FILE,
    InstrumentSchema,
    NewScheduleSchema,
    ScheduleSchema,
    describe,
)
from groupapp.api.schemas import ID, PageArgs, page_of, page_schema
from groupapp.api.views_cohorts import load_cohort
from groupapp.assessments.catalog import (
    BuiltinClash,
    ensure_builtins,
    import_instrument_file,
    organisation_instruments,
)
from groupapp.assessments.instrument_file import MAX_FILE_BYTES, InstrumentFileError
from groupapp.assessments.models import Instrument
from groupapp.assessments.schedules import ScheduleSettings, save_schedule, schedulable_meetings
from groupapp.core.request_limits import body_limit
from groupapp.db import db

blp = api_blueprint("instruments", "Questionnaires and when cohorts answer them")

FILE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": INSTRUMENT_FILE},
        "application/yaml": {"schema": INSTRUMENT_FILE},
    },
}


@blp.route("/instruments", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(InstrumentSchema))
def list_instruments(args: dict[str, int]) -> Any:
    """The organisation's questionnaires with their items (staff), as on their page."""
    require_staff("Questionnaires")
    ensure_builtins(current_user.organisation)
    db.session.commit()  # built-ins are added on first use, as the page adds them
    page = page_of(organisation_instruments(current_user.organisation_id), args)
    page["items"] = [describe(row) for row in page["items"]]
    return page


def _file_problem(text: str) -> dict[str, str]:
    path, _, detail = text.partition(": ")
    return {"location": "body", "field": path, "detail": detail or text}


@blp.route("/instruments", methods=["POST"])
@takes_file
@body_limit(MAX_FILE_BYTES, f"Instrument files can be at most {MAX_FILE_BYTES // 1024} KB.")
@blp.doc(requestBody=FILE_BODY)
@blp.response(201, InstrumentSchema, description="a new version was stored")
@blp.alt_response(200, schema=InstrumentSchema, description="the file matches the current one")
def import_instrument() -> Any:
    """Admins import a questionnaire file (YAML or JSON, the upload page's format).

    A file whose id the organisation already uses adds a version; every problem in a
    file is listed in ``errors`` with its path (``items[2].options``).
    """
    if not current_user.is_admin:
        abort(403, message="Importing questionnaires: for admins only.")
    # The built-ins first (the list page adds them), so no file takes a built-in's id.
    ensure_builtins(current_user.organisation)
    try:
        row, version = import_instrument_file(
            current_user.organisation, request.get_data(), source="upload",
            created_by=current_user,
        )  # fmt: skip
    except (InstrumentFileError, BuiltinClash) as exc:
        db.session.rollback()
        texts = exc.errors if isinstance(exc, InstrumentFileError) else [str(exc)]
        refuse(
            "The file is not a valid instrument; see errors.",
            [_file_problem(text) for text in texts],
        )
    db.session.commit()
    return describe(row), 201 if version is not None else 200


@blp.route(f"/cohorts/<{ID}:cohort_id>/assessment-schedules", methods=["POST"])
@blp.arguments(NewScheduleSchema)
@blp.response(201, ScheduleSchema)
def create_schedule(body: dict[str, Any], cohort_id: int) -> Any:
    """Set when the cohort's members answer one questionnaire (replacing its schedule).

    Answers already given keep their place, as when the schedule page changes it.
    """
    cohort = load_cohort(cohort_id, "manage")
    refuse_unavailable()
    instrument: Instrument = body["instrument_id"]  # one the caller may see (the schema's)
    if instrument.organisation_id != cohort.organisation_id:
        unknown_reference("instrument_id", "questionnaire")
    offered = {meeting.id for meeting in schedulable_meetings(cohort)}
    stray = [str(i) for i in body["meeting_ids"] if i not in offered]
    if stray:
        field_error(
            "meeting_ids", f"Not meetings of this cohort (or cancelled): {', '.join(stray)}"
        )
    settings = ScheduleSettings(
        at_baseline=body["baseline"],
        every_weeks=body["every_weeks"],
        meeting_ids=tuple(dict.fromkeys(body["meeting_ids"])),
        at_end=body["final"],
        window_before_days=body["window_before_days"],
        window_after_days=body["window_after_days"],
    )
    schedule = save_schedule(cohort, instrument, settings)
    db.session.commit()
    return schedule
