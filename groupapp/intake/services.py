"""Intake: the organisation's current form, a member's draft and submission, and editing.

Services flush and never commit; the view or task commits once. A member's response
is tied to the form version current when they first saved, so later edits of the form
never change what they were asked.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from groupapp.audit.services import record
from groupapp.core.i18n import current_locale
from groupapp.db import db, utcnow
from groupapp.homework.answers import Errors, FormData, parse_form, validate_answers
from groupapp.homework.fields import Field, parse_fields
from groupapp.intake.models import IntakeFormVersion, IntakeResponse

BUILTIN_FORM = Path(__file__).with_name("builtin_form.yaml")
#: The built-in questions in other languages: same keys, types, limits and values.
BUILTIN_FORM_IN = {"es": Path(__file__).with_name("builtin_form_es.yaml")}


@cache
def builtin_fields() -> tuple[Field, ...]:
    """The project's own intake questions, the first version of every organisation."""
    return parse_fields(yaml.safe_load(BUILTIN_FORM.read_text(encoding="utf-8")))


def _shape(field: Field) -> dict[str, Any]:
    """A question without its words: what a translation must keep as it is."""
    shape = {k: v for k, v in field.to_dict().items() if k not in ("label", "help")}
    if "choices" in shape:
        shape["choices"] = [choice["value"] for choice in shape["choices"]]
    return shape


@lru_cache(maxsize=8)  # one entry per language
def builtin_fields_in(language: str) -> tuple[Field, ...] | None:
    """The built-in questions in ``language``; None for English or a language without a file.

    Raises ``ValueError`` when the file's questions differ from the English ones in
    anything but their words (keys, types, limits, choice values, order).
    """
    path = BUILTIN_FORM_IN.get(language)
    if path is None:
        return None
    fields = parse_fields(yaml.safe_load(path.read_text(encoding="utf-8")))
    if [_shape(f) for f in fields] != [_shape(f) for f in builtin_fields()]:
        raise ValueError(f"{path.name} does not match the built-in intake questions")
    return fields


def fields_for_reader(version: IntakeFormVersion, language: str | None = None) -> tuple[Field, ...]:
    """The questions of ``version`` as a reader of ``language`` (default: the language
    being rendered) sees them: the built-in questions in their language while the
    organisation still uses them unchanged, else the version's own words."""
    fields = version.field_list()
    translated = builtin_fields_in(language or current_locale())
    if translated is None or version.fields != [f.to_dict() for f in builtin_fields()]:
        return fields
    return translated


def current_form(organisation_id: int) -> IntakeFormVersion:
    """The organisation's newest form version, creating version 1 from the built-in
    questions the first time it is needed. Two statements at most (plus a flush)."""
    found = db.session.scalars(
        sa.select(IntakeFormVersion)
        .where(IntakeFormVersion.organisation_id == organisation_id)
        .order_by(IntakeFormVersion.version.desc())
        .limit(1)
    ).first()
    if found is not None:
        return found
    first = IntakeFormVersion(
        organisation_id=organisation_id,
        version=1,
        fields=[item.to_dict() for item in builtin_fields()],
    )
    db.session.add(first)
    db.session.flush()
    return first


def publish_form(organisation_id: int, fields: tuple[Field, ...], by_id: int) -> IntakeFormVersion:
    """Store ``fields`` (already validated by ``parse_fields``) as the next version."""
    newest = current_form(organisation_id)
    version = IntakeFormVersion(
        organisation_id=organisation_id,
        version=newest.version + 1,
        fields=[item.to_dict() for item in fields],
        created_by_id=by_id,
    )
    db.session.add(version)
    db.session.flush()
    record("intake.form.publish", version)
    return version


def find_response(cohort_id: int, user_id: int) -> IntakeResponse | None:
    """The member's response in the cohort, with its form version, or None."""
    return db.session.scalars(
        sa.select(IntakeResponse)
        .where(IntakeResponse.cohort_id == cohort_id, IntakeResponse.user_id == user_id)
        .options(sa.orm.joinedload(IntakeResponse.form_version))
    ).first()


def response_for(cohort_id: int, organisation_id: int, user_id: int) -> IntakeResponse:
    """The member's response, started (not yet added) on the current form if none exists."""
    found = find_response(cohort_id, user_id)
    if found is not None:
        return found
    form = current_form(organisation_id)
    return IntakeResponse(
        cohort_id=cohort_id,
        user_id=user_id,
        form_version=form,
        form_version_id=form.id,
        answers={},
    )


def working_answers(response: IntakeResponse) -> dict[str, Any]:
    """What the fill page shows: the unsent draft if there is one, else the answers."""
    return response.draft if response.draft is not None else dict(response.answers or {})


def save_draft(response: IntakeResponse, form: FormData) -> datetime:
    """Keep everything typed as a draft (nothing is rejected); returns when it was saved."""
    response.draft = parse_form(response.form_version.field_list(), form)
    _store(response)
    return response.updated_at


def submit(response: IntakeResponse, form: FormData) -> Errors:
    """Validate and complete the intake; on problems keep the typed text as a draft.

    Returns one message per problem keyed by input name (empty when submitted).
    """
    # Messages name each question in the reader's words; a translation keeps every key,
    # type, limit and choice value, so the answers checked are the same.
    fields = fields_for_reader(response.form_version)
    typed = parse_form(fields, form)
    clean, errors = validate_answers(fields, typed)
    if errors:
        response.draft = typed
    else:
        response.answers = clean
        response.draft = None
        response.submitted_at = response.submitted_at or utcnow()
    _store(response)
    return errors


def _store(response: IntakeResponse) -> None:
    response.updated_at = utcnow()
    if response.id is None and response not in db.session:
        _insert_once(response)
    db.session.flush()


def _insert_once(response: IntakeResponse) -> None:
    """Store a member's first save. Two tabs may both start the intake: the row is
    inserted unless it exists (``ON CONFLICT DO NOTHING`` on both databases), then what
    this request holds is written onto the stored row, so neither request fails."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(IntakeResponse)
        .values(
            cohort_id=response.cohort_id,
            user_id=response.user_id,
            form_version_id=response.form_version_id,
            answers={},
            created_at=response.updated_at,
            updated_at=response.updated_at,
        )
        .on_conflict_do_nothing(index_elements=["cohort_id", "user_id"])
    )
    stored = find_response(response.cohort_id, response.user_id)
    assert stored is not None  # inserted just now, or by the other request
    stored.draft = response.draft
    stored.updated_at = response.updated_at
    if response.submitted_at is not None:  # sent in this request
        stored.answers = response.answers
        stored.submitted_at = stored.submitted_at or response.submitted_at
    response.id = stored.id
