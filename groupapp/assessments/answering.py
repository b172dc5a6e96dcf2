"""Saving answers as a draft and submitting them for scoring on the server."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.alerts import raise_alert
from groupapp.assessments.checkins import Checkin, start_response
from groupapp.assessments.instrument_language import answer_language
from groupapp.assessments.models import AssessmentResponse
from groupapp.assessments.scoring import (
    AnswerError,
    ScoreResult,
    classify_change,
    parse_answer,
    score,
)
from groupapp.audit.services import record
from groupapp.core.i18n import user_locale
from groupapp.db import db, utcnow


class IncompleteResponse(ValueError):
    """Submission refused: required items are unanswered (``missing`` lists them)."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(f"{len(missing)} question(s) still need an answer")
        self.missing = missing


def save_answers(response: AssessmentResponse, raw: Mapping[str, str]) -> list[str]:
    """Store the submitted form values on the draft; returns item ids whose value was invalid.

    Blank fields are kept blank (finish later); unknown keys are ignored.
    """
    instrument = response.version.parsed()
    answers: dict[str, float | int] = {}
    invalid = []
    for item in instrument.items:
        value = (raw.get(item.id) or "").strip()
        if not value:
            continue
        try:
            answers[item.id] = parse_answer(item, value)
        except AnswerError:
            invalid.append(item.id)
    response.answers = answers
    db.session.flush()
    record("assessment.response.save", response, subject_user_id=response.user_id)
    return invalid


@dataclass(frozen=True)
class Answered:
    """What answering a check-in did: the response, and what kept it from being submitted."""

    response: AssessmentResponse
    invalid: tuple[str, ...] = ()  # items whose value is not one of their options
    missing: tuple[str, ...] = ()  # required items left unanswered (when submitting)
    result: ScoreResult | None = None  # the score, once submitted


def answer_checkin(
    user: User,
    checkin: Checkin,
    raw: Mapping[str, str],
    *,
    submit_now: bool,
    language: str | None = None,
) -> Answered:
    """Save ``raw`` (item id -> option value as typed) on the member's response and, with
    ``submit_now`` and every value valid, submit it for scoring.

    The response records the language the questions were shown in: ``language`` when
    given (one of the instrument's), else the member's own where the instrument has it.
    Answers that cannot be submitted stay saved as a draft (nothing typed is lost).
    """
    response = start_response(user, checkin)
    response.language = answer_language(response.version.parsed(), language or user_locale(user))
    invalid = tuple(save_answers(response, raw))
    if not submit_now or invalid:
        return Answered(response, invalid=invalid)
    try:
        result = submit(response)
    except IncompleteResponse as exc:
        return Answered(response, missing=exc.missing)
    return Answered(response, result=result)


def _earlier_totals(response: AssessmentResponse) -> list[float]:
    """Totals of the member's earlier submitted responses to this instrument in this cohort."""
    return [
        total
        for total in db.session.scalars(
            sa.select(AssessmentResponse.total)
            .where(
                AssessmentResponse.user_id == response.user_id,
                AssessmentResponse.cohort_id == response.cohort_id,
                AssessmentResponse.instrument_id == response.instrument_id,
                AssessmentResponse.status == "submitted",
                AssessmentResponse.id != response.id,
            )
            .order_by(AssessmentResponse.submitted_at)
        )
        if total is not None
    ]


def submit(response: AssessmentResponse) -> ScoreResult:
    """Score the draft, store the result with its version, and raise any risk alert."""
    instrument = response.version.parsed()
    result = score(instrument, response.answers)
    if not result.complete:
        raise IncompleteResponse(result.missing)
    earlier = _earlier_totals(response)
    response.status = "submitted"
    response.submitted_at = utcnow()
    response.total = result.total
    response.band = result.band
    response.subscales = {s.id: s.value for s in result.subscales}
    response.risk_flags = [{"item_id": f.item_id, "value": f.value} for f in result.risk_flags]
    response.baseline_total = earlier[0] if earlier else None
    response.previous_total = earlier[-1] if earlier else None
    if earlier and result.total is not None:
        response.change_status = classify_change(instrument, earlier[0], result.total)
    db.session.flush()
    record("assessment.response.submit", response, subject_user_id=response.user_id)
    if result.risk_flags:
        raise_alert(response, [f.item_id for f in result.risk_flags])
    return result
