"""The assessments part of a participant's data export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from groupapp.accounts.models import User
from groupapp.assessments.instrument_language import in_reader_language
from groupapp.assessments.models import AssessmentResponse, InstrumentVersion, RiskAlert
from groupapp.audit.services import record
from groupapp.core.personal_data import register_section, register_wording
from groupapp.db import db


def export_assessments(user: User) -> dict[str, Any]:
    """Every response (answers and scores) and every risk alert about ``user``."""
    responses = db.session.scalars(
        sa.select(AssessmentResponse)
        .where(AssessmentResponse.user_id == user.id)
        .options(selectinload(AssessmentResponse.version), selectinload(AssessmentResponse.cohort))
        .order_by(AssessmentResponse.id)
    ).all()
    alerts = db.session.scalars(
        sa.select(RiskAlert).where(RiskAlert.user_id == user.id).order_by(RiskAlert.id)
    ).all()
    record("assessment.personal_data.export", ("User", user.id), subject_user_id=user.id)
    return {
        "responses": [
            {
                "cohort": r.cohort.name,
                "instrument": r.version.definition["name"],
                "instrument_version": r.version.number,
                "occurrence": r.occurrence_key,
                "due_on": r.due_on.isoformat(),
                "status": r.status,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                "answers": r.answers,
                "total": r.total,
                "band": r.band,
                "subscales": r.subscales,
                "risk_flags": r.risk_flags,
                "change_status": r.change_status,
            }
            for r in responses
        ],
        "risk_alerts": [
            {
                "raised_at": a.created_at.isoformat(),
                "acknowledged_at": a.acknowledged_at.isoformat() if a.acknowledged_at else None,
                "note": a.note,
            }
            for a in alerts
        ],
    }


def erase_assessments(user: User) -> None:
    """Delete the person's responses, scores and alerts (audit rows keep only ids)."""
    db.session.execute(sa.delete(RiskAlert).where(RiskAlert.user_id == user.id))
    db.session.execute(sa.delete(AssessmentResponse).where(AssessmentResponse.user_id == user.id))
    record("assessment.personal_data.erase", ("User", user.id), subject_user_id=user.id)
    db.session.flush()


register_section("assessments", export_assessments, erase_assessments)


def _reader_words(user: User) -> dict[str, str]:
    """English name and band label -> the reader's words, for every questionnaire the
    person answered (one statement)."""
    versions = db.session.scalars(
        sa.select(InstrumentVersion).where(
            InstrumentVersion.id.in_(
                sa.select(AssessmentResponse.instrument_version_id).where(
                    AssessmentResponse.user_id == user.id
                )
            )
        )
    ).all()
    words: dict[str, str] = {}
    for version in versions:
        own = version.parsed()
        shown = in_reader_language(own)
        words[own.name] = shown.name
        for band, label in zip(own.scoring.bands, shown.scoring.bands, strict=True):
            words[band.label] = label.label
    return words


def word_assessments(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The export's responses with questionnaire names and bands in the reader's words."""
    words = _reader_words(user)
    responses = [
        {
            **row,
            "instrument": words.get(row["instrument"], row["instrument"]),
            "band": words.get(row["band"], row["band"]) if row["band"] else row["band"],
        }
        for row in data["responses"]
    ]
    return {**data, "responses": responses}


register_wording("assessments", word_assessments)
