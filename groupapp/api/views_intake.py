"""Intake: a member reads and writes their own; the cohort's facilitators read members'."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from groupapp.api.auth import api_blueprint
from groupapp.api.changes import commit_or_refuse, refuse_answers
from groupapp.api.intake_schemas import IntakeSchema, IntakeWriteSchema
from groupapp.api.schemas import ID
from groupapp.audit.services import record
from groupapp.db import db
from groupapp.homework.answers import form_from_json
from groupapp.intake.access import cohort_for_facilitator, cohort_for_member
from groupapp.intake.models import IntakeResponse
from groupapp.intake.services import find_response, response_for, save_draft, submit

blp = api_blueprint("intake", "Intake forms members answer before their first meeting")


def _shown(response: IntakeResponse, *, own: bool) -> dict[str, Any]:
    return {
        "cohort_id": response.cohort_id,
        "user_id": response.user_id,
        "form_version": response.form_version.version,
        "questions": response.form_version.fields,
        "answers": response.answers or {},
        # The unsent working copy is the member's own; facilitators read what was sent.
        "draft": response.draft if own else None,
        "submitted_at": response.submitted_at,
    }


@blp.route(f"/cohorts/<{ID}:cohort_id>/intake", methods=["GET"])
@blp.response(200, IntakeSchema)
def my_intake(cohort_id: int) -> Any:
    """One's own intake for a cohort one has joined (empty answers until started)."""
    cohort = cohort_for_member(current_user, cohort_id)
    response = response_for(cohort.id, cohort.organisation_id, current_user.id)
    data = _shown(response, own=True)
    db.session.commit()  # the organisation's first form version, if it was just made
    return data


@blp.route(f"/cohorts/<{ID}:cohort_id>/intake", methods=["PUT"])
@blp.arguments(IntakeWriteSchema)
@blp.response(200, IntakeSchema)
def write_intake(body: dict[str, Any], cohort_id: int) -> Any:
    """Save one's answers as a draft, or send them (``submit``) with the page's rules.

    On a problem the answers are kept as a draft and each problem is listed in ``errors``.
    """
    cohort = cohort_for_member(current_user, cohort_id)
    response = response_for(cohort.id, cohort.organisation_id, current_user.id)
    fields = response.form_version.field_list()
    known = {item.key for item in fields}
    unknown = dict.fromkeys(body["answers"], "The intake form has no such question.")
    unknown = {key: text for key, text in unknown.items() if key not in known}
    if unknown:
        refuse_answers("Some answers name questions the intake form does not have.", unknown)
    form = form_from_json(fields, body["answers"])
    if not body["submit"]:
        commit_or_refuse(lambda: save_draft(response, form))
        return _shown(response, own=True)
    problems = commit_or_refuse(lambda: submit(response, form))
    if problems:
        refuse_answers("Some answers need attention. Everything sent is kept as a draft.", problems)
    return _shown(response, own=True)


@blp.route(f"/cohorts/<{ID}:cohort_id>/intakes/<{ID}:user_id>", methods=["GET"])
@blp.response(200, IntakeSchema)
def member_intake(cohort_id: int, user_id: int) -> Any:
    """A member's sent intake, for the cohort's facilitators only; every read is audited."""
    cohort = cohort_for_facilitator(current_user, cohort_id)
    response = find_response(cohort.id, user_id)
    if response is None or not response.is_complete:
        abort(404)
    data = _shown(response, own=False)
    record("intake.read", response, subject_user_id=user_id)
    db.session.commit()
    return data
