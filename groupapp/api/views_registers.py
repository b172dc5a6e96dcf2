"""Nudges, the attendance register and roster, and copying a cohort."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_login import current_user
from marshmallow import Schema, fields, validate

from groupapp.api.auth import api_blueprint, require_staff
from groupapp.api.changes import commit_or_refuse, refused
from groupapp.api.cohort_schemas import CohortSchema
from groupapp.api.schemas import ID, Day, PageArgs, page_of, page_schema
from groupapp.api.views_cohorts import load_cohort
from groupapp.api.views_scores import CHECKIN_ID, _checkin_key
from groupapp.assessments.models import AssessmentSchedule
from groupapp.audit.services import record
from groupapp.cohorts.copy import CopyPlan, CopyRefused, copy_cohort, plan_copy
from groupapp.cohorts.registers import attendance_register, register_csv, roster
from groupapp.core.access import get_or_404
from groupapp.db import db
from groupapp.homework.models import Assignment
from groupapp.notifications.nudges import NUDGE_GAP, NudgeResult, nudge_checkin, nudge_homework

blp = api_blueprint("registers", "Nudges, registers and rosters, copying a cohort")
CSV = "text/csv"
PDF = "application/pdf"


class NudgeSchema(Schema):
    reminded = fields.Integer(metadata={"description": "members reminded by this nudge"})
    sent_at = fields.DateTime()
    next_allowed_at = fields.DateTime(metadata={"description": "the next nudge for this item"})


class RosterEntrySchema(Schema):
    name = fields.String()
    status = fields.String(metadata={"description": "Member, Invited, Waiting list, Left..."})
    joined_on = fields.Date(allow_none=True)
    preferred_contact = fields.String()


class CopySchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    start_date = Day(required=True)


class CopyPartSchema(Schema):
    name = fields.String()
    lines = fields.List(fields.String())


class CopyPreviewSchema(Schema):
    meetings = fields.List(
        fields.String(), metadata={"description": "local starts on the cohort's clock"}
    )
    notices = fields.List(fields.String())
    parts = fields.List(fields.Nested(CopyPartSchema))


def _nudged(result: NudgeResult) -> dict[str, Any]:
    return {
        "reminded": result.reminded,
        "sent_at": result.sent_at,
        "next_allowed_at": result.sent_at + NUDGE_GAP,
    }


@blp.route(f"/assignments/<{ID}:assignment_id>/nudges", methods=["POST"])
@blp.response(201, NudgeSchema)
def nudge_assignment(assignment_id: int) -> Any:
    """Remind the members who have not handed this homework in (409 within twelve hours
    of the last nudge, or when nobody is left to remind)."""
    # 404 for anyone not given it (they may not know it exists), 403 for those given it.
    assignment = get_or_404(Assignment, assignment_id, "manage")
    return _nudged(commit_or_refuse(lambda: nudge_homework(assignment, current_user), 409))


@blp.route(f"/checkins/<{CHECKIN_ID}:checkin_id>/nudges", methods=["POST"])
@blp.response(201, NudgeSchema)
def nudge_checkin_members(checkin_id: str) -> Any:
    """Remind the members for whom this check-in (``schedule.key``) is open and not
    answered (409 as for homework, and when it is not open)."""
    require_staff("Nudges")
    schedule_id, key = _checkin_key(checkin_id)
    schedule = get_or_404(AssessmentSchedule, schedule_id, "edit")
    return _nudged(commit_or_refuse(lambda: nudge_checkin(schedule, key, current_user), 409))


@blp.route(f"/cohorts/<{ID}:cohort_id>/register.csv", methods=["GET"])
@blp.response(200, {"type": "string"}, content_type=CSV)
def register_download(cohort_id: int) -> Any:
    """The attendance register as CSV: a row per member, a column per meeting (status
    codes P, L, A, E; X for a cancelled meeting), totals per member and per meeting."""
    cohort = load_cohort(cohort_id, "attendance")
    body = register_csv(attendance_register(cohort))
    record("cohort.register.export", cohort)
    db.session.commit()
    return Response(body, mimetype=CSV)


@blp.route(f"/cohorts/<{ID}:cohort_id>/roster", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(RosterEntrySchema))
def roster_entries(args: dict[str, int], cohort_id: int) -> Any:
    """Members with status, join date and preferred contact, by name (staff)."""
    cohort = load_cohort(cohort_id, "manage")
    rows = [
        {
            "name": r.name,
            "status": r.state,
            "joined_on": r.joined_on,
            "preferred_contact": r.contact,
        }
        for r in roster(cohort)
    ]
    record("cohort.roster.read", cohort)
    db.session.commit()
    return page_of(rows, args)


class PaperArgs(Schema):
    paper = fields.String(
        load_default="a4",
        validate=validate.OneOf(["a4", "letter"]),
        metadata={"description": "a4 (default) or letter"},
    )


@blp.route(f"/cohorts/<{ID}:cohort_id>/roster.pdf", methods=["GET"])
@blp.arguments(PaperArgs, location="query")
@blp.response(200, {"type": "string", "format": "binary"}, content_type=PDF)
def roster_pdf_download(args: dict[str, str], cohort_id: int) -> Any:
    """The roster as PDF, as the roster page prints it (staff)."""
    from groupapp.cohorts.register_pdf import roster_pdf  # fpdf2 loads only when printing

    cohort = load_cohort(cohort_id, "manage")
    body = roster_pdf(cohort.name, roster(cohort), args["paper"])
    record("cohort.roster.export", cohort)
    db.session.commit()
    return Response(body, mimetype=PDF)


def _plan(body: dict[str, Any], cohort_id: int) -> CopyPlan:
    source = load_cohort(cohort_id, "edit")
    try:
        return plan_copy(source, body["name"], body["start_date"])
    except CopyRefused as exc:
        refused(exc)


@blp.route(f"/cohorts/<{ID}:cohort_id>/copies/preview", methods=["POST"])
@blp.arguments(CopySchema)
@blp.response(200, CopyPreviewSchema)
def preview_copy(body: dict[str, Any], cohort_id: int) -> Any:
    """What POST /copies would create, saving nothing: every new meeting's start, clock
    change notices, and each copied part (homework with new due times, check-ins,
    reminder timings)."""
    plan = _plan(body, cohort_id)
    return {
        "meetings": [occ.local_start.isoformat(timespec="minutes") for occ in plan.occurrences],
        "notices": plan.notices,
        "parts": [{"name": name, "lines": lines} for name, lines in plan.lines.items()],
    }


@blp.route(f"/cohorts/<{ID}:cohort_id>/copies", methods=["POST"])
@blp.arguments(CopySchema)
@blp.response(201, CohortSchema)
def copy(body: dict[str, Any], cohort_id: int) -> Any:
    """Start a new cohort like this one from ``start_date``: same program, pattern,
    facilitators, homework plan (re-dated), check-in schedule and timings; no members."""
    plan = _plan(body, cohort_id)
    return commit_or_refuse(lambda: copy_cohort(plan, current_user))
