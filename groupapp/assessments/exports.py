"""Per-cohort exports: a CSV of scores and a FHIR R4 collection Bundle.

Participants appear only under a pseudonymous id (a keyed hash of organisation and
user id), never by name or email. CSV cells go through ``core.csv_safe``, so text a
spreadsheet would run as a formula (say, a band label in an imported file) stays text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Response, current_app
from sqlalchemy.orm import selectinload

from groupapp.accounts.models import User
from groupapp.assessments.fhir import (
    build_questionnaire,
    build_questionnaire_response,
    build_score_observation,
)
from groupapp.assessments.models import AssessmentResponse, InstrumentVersion
from groupapp.audit.services import record
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.csv_safe import write_rows
from groupapp.db import db

CSV_HEADER = [
    "participant", "instrument", "instrument_version", "edition", "occurrence", "due_on",
    "submitted_at_utc", "total", "band", "subscales", "change_since_baseline",
    "change_since_last", "reliable_change", "risk_flags",
]  # fmt: skip


def pseudonym(organisation_id: int, user_id: int) -> str:
    """A stable pseudonymous participant id that reveals nothing without the secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"participant:{organisation_id}:{user_id}".encode(), hashlib.sha256)
    return f"p-{digest.hexdigest()[:12]}"


def cohort_responses(cohort: Cohort) -> list[AssessmentResponse]:
    """The cohort's submitted responses with their versions, oldest first."""
    return list(
        db.session.scalars(
            sa.select(AssessmentResponse)
            .where(
                AssessmentResponse.cohort_id == cohort.id,
                AssessmentResponse.organisation_id == cohort.organisation_id,
                AssessmentResponse.status == "submitted",
            )
            .options(
                selectinload(AssessmentResponse.version).selectinload(InstrumentVersion.instrument)
            )
            .order_by(AssessmentResponse.submitted_at, AssessmentResponse.id)
        )
    )


def _number(value: float | None) -> Any:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def score_difference(latest: float | None, earlier: float | None) -> float | None:
    """``latest - earlier`` (rounded off float noise), or None without both."""
    if latest is None or earlier is None:
        return None
    return round(latest - earlier, 6)


def _csv_row(response: AssessmentResponse) -> list[Any]:
    version = response.version
    subscales = "; ".join(f"{k}={_number(v)}" for k, v in (response.subscales or {}).items())
    return [
        pseudonym(response.organisation_id, response.user_id),
        version.instrument.slug,
        version.number,
        version.definition["version"],
        response.occurrence_key,
        response.due_on.isoformat(),
        response.submitted_at.isoformat() if response.submitted_at else "",
        _number(response.total),
        response.band or "",
        subscales,
        _number(score_difference(response.total, response.baseline_total)),
        _number(score_difference(response.total, response.previous_total)),
        response.change_status or "",
        " ".join(flag["item_id"] for flag in response.risk_flags or []),
    ]


def cohort_csv(cohort: Cohort) -> str:
    """One row per submitted response of the cohort."""
    return write_rows(CSV_HEADER, (_csv_row(r) for r in cohort_responses(cohort)))


KEY_HEADER = ["participant", "name", "membership_status"]


def pseudonym_key_csv(cohort: Cohort) -> str:
    """The key from the exports' pseudonymous ids to names, for the cohort's facilitators.

    A separate, audited download: the research export itself stays pseudonymous, and
    whoever holds the key can be told apart from whoever holds only the data. One row
    per person who held a place (and so may have answered); names of people whose data
    was erased are not given.
    """
    rows = db.session.execute(
        sa.select(User.id, User.display_name, User.erased_at, Membership.status)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.cohort_id == cohort.id,
            Membership.status.in_(("active", "exited", "removed")),
        )
        .order_by(sa.func.lower(User.display_name), User.id)
    ).all()
    return write_rows(
        KEY_HEADER,
        (
            [
                pseudonym(cohort.organisation_id, user_id),
                "(data erased)" if erased_at else name,
                status,
            ]
            for user_id, name, erased_at, status in rows
        ),
    )


def _entry(base_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "fullUrl": f"{base_url}/{resource['resourceType']}/{resource['id']}",
        "resource": resource,
    }


def fhir_base_url() -> str:
    """Where the app's FHIR resources are said to live (``BASE_URL`` + ``/fhir``)."""
    return current_app.config["BASE_URL"].rstrip("/") + "/fhir"


def response_entries(response: AssessmentResponse, base_url: str) -> list[dict[str, Any]]:
    """A submitted response as Bundle entries: its QuestionnaireResponse and, once scored,
    the Observation of its total (the participant under their pseudonym)."""
    if response.submitted_at is None:
        return []
    definition = response.version.parsed()
    common = {
        "base_url": base_url,
        "response_id": f"response-{response.id}",
        "subject_id": pseudonym(response.organisation_id, response.user_id),
    }
    qr = build_questionnaire_response(
        definition, authored=response.submitted_at, answers=response.answers,
        version=response.version.fhir_version, language=response.language, **common,
    )  # fmt: skip
    entries = [_entry(base_url, qr)]
    if response.total is not None:
        observation = build_score_observation(
            definition, effective=response.submitted_at, total=response.total,
            band=response.band, subscales=response.subscales, **common,
        )  # fmt: skip
        entries.append(_entry(base_url, observation))
    return entries


def response_fhir_bundle(response: AssessmentResponse) -> dict[str, Any]:
    """A collection Bundle of one submitted response: QuestionnaireResponse and Observation."""
    entries = response_entries(response, fhir_base_url())
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def cohort_fhir_bundle(cohort: Cohort) -> dict[str, Any]:
    """A collection Bundle: each Questionnaire version used, then per response a
    QuestionnaireResponse and an Observation of its total."""
    base_url = fhir_base_url()
    responses = cohort_responses(cohort)
    entries = []
    for version in {r.instrument_version_id: r.version for r in responses}.values():
        resource = build_questionnaire(
            version.parsed(), base_url=base_url, version=version.fhir_version
        )
        entries.append(_entry(base_url, resource))
    for response in responses:
        entries.extend(response_entries(response, base_url))
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def cohort_fhir_json(cohort: Cohort) -> str:
    """The cohort's FHIR Bundle as indented JSON text."""
    return json.dumps(cohort_fhir_bundle(cohort), indent=2)


@dataclass(frozen=True)
class ExportFile:
    """A built export: its text, media type and the file name offered for it."""

    body: str
    mimetype: str
    filename: str

    def download(self) -> Response:
        """The file as an attachment response."""
        disposition = f'attachment; filename="{self.filename}"'
        return Response(
            self.body, mimetype=self.mimetype, headers={"Content-Disposition": disposition}
        )


# kind -> (builder, media type, file name after "cohort-<id>-")
_EXPORTS: dict[str, tuple[Callable[[Cohort], str], str, str]] = {
    "csv": (cohort_csv, "text/csv", "scores.csv"),
    "key": (pseudonym_key_csv, "text/csv", "participant-key.csv"),
    "fhir": (cohort_fhir_json, "application/fhir+json", "fhir.json"),
}


def cohort_export(cohort: Cohort, kind: str) -> ExportFile:
    """Build the cohort's ``kind`` export ("csv", "key" or "fhir") and audit that it was taken.

    The caller has checked that the person may manage the cohort, and commits. Raises
    ``KeyError`` for an unknown kind.
    """
    build, mimetype, name = _EXPORTS[kind]
    body = build(cohort)
    record(f"assessment.export.{kind}", cohort)
    return ExportFile(body, mimetype, f"cohort-{cohort.id}-{name}")
