"""What the check-in answer, response and score endpoints read and write."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_login import current_user

from groupapp.accounts.support_lines import SupportLines, support_lines_for_reader
from groupapp.assessments.exports import score_difference
from groupapp.assessments.models import AssessmentResponse
from groupapp.assessments.progress import Series
from groupapp.assessments.scoring import value_text
from groupapp.core.i18n import user_locale

#: The reliable-change classes (``groupapp.assessments.scoring.classify_change``) as the
#: API names them. Null means no baseline yet (a first check-in); "none" means there is a
#: baseline and the change since is not reliable (or the scale makes no such claim).
RELIABLE_CHANGE = {"reliable_improvement": "improved", "reliable_deterioration": "deteriorated"}
CHANGE_DOC = {
    "description": "improved, deteriorated or none (Jacobson-Truax, from baseline); "
    "null when there is no baseline yet",
    "enum": ["improved", "deteriorated", "none", None],
}


def reliable_change(status: str | None) -> str | None:
    """``improved``, ``deteriorated`` or ``none`` for a stored change class; None when
    there is no baseline to compare with (no class stored)."""
    if status is None:
        return None
    return RELIABLE_CHANGE.get(status, "none")


class AnswersSchema(ma.Schema):
    """A check-in's answers: each item's chosen option value."""

    answers = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Length(min=1, max=64)),
        values=ma.fields.Raw(allow_none=True),
        required=True,
        metadata={"description": "item id -> the chosen option's value (GET /api/v1/instruments)"},
    )
    language = ma.fields.String(
        load_default=None,
        validate=ma.validate.Length(min=2, max=16),
        metadata={
            "description": "the language the questions were shown in, one of the "
            "questionnaire's `languages`; default: the caller's own where it has it, "
            "else English"
        },
    )


class ScoreSchema(ma.Schema):
    """A submitted response's score, as the result page shows it."""

    response_id = ma.fields.Integer(attribute="id", required=True)
    total = ma.fields.Float(allow_none=True, required=True)
    band = ma.fields.String(allow_none=True, required=True)
    subscales = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Float(allow_none=True),
        required=True,
        metadata={"description": "subscale id -> score"},
    )
    change_from_baseline = ma.fields.Method(
        "_change", required=True, allow_none=True, metadata={"type": "number", "nullable": True}
    )
    reliable_change = ma.fields.Method(
        "_reliable",
        required=True,
        allow_none=True,
        metadata={"type": "string", "nullable": True, **CHANGE_DOC},
    )
    risk_flag = ma.fields.Method(
        "_risk", required=True, metadata={"type": "boolean", "description": "a risk answer"}
    )
    language = ma.fields.String(
        required=True, metadata={"description": "the language it was answered in, e.g. es"}
    )

    def _change(self, response: AssessmentResponse) -> float | None:
        return score_difference(response.total, response.baseline_total)

    def _reliable(self, response: AssessmentResponse) -> str | None:
        return reliable_change(response.change_status)

    def _risk(self, response: AssessmentResponse) -> bool:
        return bool(response.risk_flags)


class ScoredSchema(ScoreSchema):
    """The score of a check-in just submitted; after a risk answer, where to find help."""

    support_text = ma.fields.Method(
        "_support",
        required=True,
        metadata={"type": "string", "description": "the organisation's crisis support text, "
                  "shown after a risk answer (empty otherwise), in the caller's language "
                  "when the organisation wrote that version"},
    )  # fmt: skip
    support_text_language = ma.fields.Method(
        "_support_language",
        required=True,
        metadata={"type": "string", "description": "the language `support_text` is in "
                  "(`en` or `es`)"},
    )  # fmt: skip

    def _lines(self, response: AssessmentResponse) -> SupportLines:
        return support_lines_for_reader(response.cohort.organisation, user_locale(current_user))

    def _support(self, response: AssessmentResponse) -> str:
        return self._lines(response).text if response.risk_flags else ""

    def _support_language(self, response: AssessmentResponse) -> str:
        return self._lines(response).language


class ResponseSchema(ScoreSchema):
    """One check-in response: its answers, and its score once submitted."""

    cohort_id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    instrument_id = ma.fields.Integer(required=True)
    instrument_version = ma.fields.Integer(attribute="version.number", required=True)
    occurrence_key = ma.fields.String(required=True)
    due_on = ma.fields.Date(required=True)
    status = ma.fields.String(required=True, metadata={"description": "draft or submitted"})
    answers = ma.fields.Dict(required=True, metadata={"description": "item id -> value"})
    submitted_at = ma.fields.AwareDateTime(allow_none=True, required=True)


class PointSchema(ma.Schema):
    """One submitted check-in on a person's chart."""

    response_id = ma.fields.Integer(attribute="id", required=True)
    cohort_id = ma.fields.Integer(required=True)
    occurrence_key = ma.fields.String(required=True)
    submitted_at = ma.fields.AwareDateTime(required=True)
    total = ma.fields.Float(allow_none=True, required=True)
    band = ma.fields.String(allow_none=True, required=True)


class SeriesSchema(ma.Schema):
    """A person's totals on one questionnaire over time, oldest first."""

    instrument_id = ma.fields.Integer(attribute="instrument.id", required=True)
    instrument = ma.fields.String(attribute="instrument.short_name", required=True)
    baseline = ma.fields.Float(allow_none=True, required=True)
    latest = ma.fields.Float(allow_none=True, required=True)
    change_from_baseline = ma.fields.Method(
        "_change", required=True, allow_none=True, metadata={"type": "number", "nullable": True}
    )
    reliable_change = ma.fields.Method(
        "_reliable",
        required=True,
        allow_none=True,
        metadata={"type": "string", "nullable": True, **CHANGE_DOC},
    )
    responses = ma.fields.List(ma.fields.Nested(PointSchema), required=True)

    def _change(self, series: Series) -> float | None:
        if len(series.responses) < 2:
            return None
        return score_difference(series.latest, series.baseline)

    def _reliable(self, series: Series) -> str | None:
        return reliable_change(series.change_status)


class FhirBundleSchema(ma.Schema):
    """A FHIR R4 Bundle (type collection)."""

    resourceType = ma.fields.String(required=True)
    type = ma.fields.String(required=True)
    entry = ma.fields.List(ma.fields.Dict(), required=True)


def numeric_answers(answers: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Answers as the check-in form would send them (``value_text``), and per item the
    values that are neither a number nor text."""
    typed: dict[str, str] = {}
    wrong: dict[str, str] = {}
    for item_id, value in answers.items():
        if isinstance(value, str):
            typed[item_id] = value
        elif isinstance(value, int) and not isinstance(value, bool):
            typed[item_id] = str(value)
        elif isinstance(value, float):
            typed[item_id] = value_text(value)
        else:
            wrong[item_id] = "Give the chosen option's value, a number."
    return typed, wrong
