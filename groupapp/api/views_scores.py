"""Answering a check-in, reading a response and a person's scores, and a response as FHIR."""

from __future__ import annotations

import json
from typing import Any

from flask import Response
from flask_login import current_user
from flask_smorest import abort

from groupapp.accounts.models import User
from groupapp.api.auth import api_blueprint
from groupapp.api.changes import refuse
from groupapp.api.schemas import ID, PageArgs, page_of, page_schema
from groupapp.api.score_schemas import (
    AnswersSchema,
    FhirBundleSchema,
    ResponseSchema,
    ScoredSchema,
    SeriesSchema,
    numeric_answers,
)
from groupapp.assessments.access import score_cohort_ids
from groupapp.assessments.answering import answer_checkin
from groupapp.assessments.checkins import CheckinClosed, NoSuchSchedule, member_checkin
from groupapp.assessments.exports import response_fhir_bundle
from groupapp.assessments.models import AssessmentResponse
from groupapp.assessments.progress import person_series
from groupapp.audit.services import record
from groupapp.core.access import get_or_404
from groupapp.core.ids import MAX_ID
from groupapp.db import db

blp = api_blueprint("scores", "Answering check-ins; responses and scores")

FHIR_JSON = "application/fhir+json"
CHECKIN_ID = "string(maxlength=80)"


def _checkin_key(checkin_id: str) -> tuple[int, str]:
    """``(schedule id, occurrence key)`` from a check-in id such as ``12.week-4`` (else 404)."""
    schedule, dot, key = checkin_id.partition(".")
    if not (dot and key and schedule.isascii() and schedule.isdigit() and len(schedule) < 11):
        abort(404, message="No such check-in.")
    if not 1 <= int(schedule) <= MAX_ID:
        abort(404, message="No such check-in.")
    return int(schedule), key


def _problems(messages: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"location": "json", "field": f"answers.{item_id}", "detail": text}
        for item_id, text in messages.items()
    ]


@blp.route(f"/checkins/<{CHECKIN_ID}:checkin_id>/response", methods=["POST"])
@blp.arguments(AnswersSchema)
@blp.response(201, ScoredSchema)
def answer(body: dict[str, Any], checkin_id: str) -> Any:
    """Answer one's open check-in (``id`` from GET /api/v1/me/checkins) and get its score.

    Scored on the server as from the check-in page; a risk answer raises the same alert
    for the cohort's facilitators. Unanswered or invalid items are listed in ``errors``
    and what was given is kept as a draft.
    """
    schedule_id, key = _checkin_key(checkin_id)
    try:
        checkin = member_checkin(current_user, schedule_id, key)
    except NoSuchSchedule:
        abort(404, message="No such check-in.")
    except CheckinClosed as exc:
        abort(409, message=str(exc))
    typed, wrong = numeric_answers(body["answers"])
    version = (
        checkin.response.version if checkin.response else checkin.schedule.instrument.current()
    )
    known = {item.id for item in version.parsed().items}
    wrong |= {i: "This questionnaire has no such item." for i in typed if i not in known}
    problems = _problems(wrong)
    language, languages = body.get("language"), version.parsed().languages
    if language is not None and language not in languages:
        detail = f"This questionnaire can be answered in {', '.join(languages)} only."
        problems.append({"location": "json", "field": "language", "detail": detail})
    if wrong:
        refuse("Some answers name no item or give no value; nothing was saved.", problems)
    if problems:
        refuse("This questionnaire cannot be answered in that language.", problems)
    answered = answer_checkin(current_user, checkin, typed, submit_now=True, language=language)
    db.session.commit()
    if answered.result is None:
        messages = dict.fromkeys(answered.invalid, "Choose one of this item's options.")
        messages |= dict.fromkeys(answered.missing, "This question needs an answer.")
        refuse("Some questions still need an answer; what you sent is saved.", _problems(messages))
    return answered.response


@blp.route(f"/responses/<{ID}:response_id>", methods=["GET"])
@blp.response(200, ResponseSchema)
def get_response(response_id: int) -> Any:
    """One check-in response: its author and the cohort's staff (audited as on the page)."""
    item = get_or_404(AssessmentResponse, response_id)
    record("assessment.response.read", item, subject_user_id=item.user_id)
    db.session.commit()
    return item


@blp.route(f"/responses/<{ID}:response_id>/fhir", methods=["GET"])
@blp.response(200, FhirBundleSchema, content_type=FHIR_JSON)
def get_response_fhir(response_id: int) -> Any:
    """A submitted response as a FHIR R4 Bundle: its QuestionnaireResponse and the
    Observation of its total, the participant under the exports' pseudonym."""
    item = get_or_404(AssessmentResponse, response_id)
    if not item.is_submitted:
        abort(409, message="This check-in is not submitted yet, so it has no FHIR form.")
    bundle = response_fhir_bundle(item)
    record("assessment.export.fhir", item, subject_user_id=item.user_id)
    db.session.commit()
    return Response(json.dumps(bundle), mimetype=FHIR_JSON)


@blp.route(f"/participants/<{ID}:participant_id>/scores", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(SeriesSchema))
def participant_scores(args: dict[str, int], participant_id: int) -> Any:
    """A person's totals per questionnaire over time: their own, or (staff) those given
    in the cohorts the caller runs. Audited as the progress pages are."""
    person = db.session.get(User, participant_id)
    cohort_ids = score_cohort_ids(current_user, participant_id) if person else []
    if person is None or cohort_ids == []:
        abort(404)
    record("assessment.progress.read", ("User", participant_id), subject_user_id=participant_id)
    db.session.commit()
    return page_of(person_series(participant_id, cohort_ids), args)
