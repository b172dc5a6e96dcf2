"""What the instrument and check-in schedule endpoints read and write."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from groupapp.api.schemas import Id, IdOf, usable
from groupapp.assessments.models import Instrument
from groupapp.assessments.schedules import (
    EVERY_WEEKS_RANGE,
    WINDOW_AFTER_RANGE,
    WINDOW_BEFORE_RANGE,
)

Range = ma.validate.Range


class OptionSchema(ma.Schema):
    value = ma.fields.Float(required=True, metadata={"description": "what the answer scores"})
    label = ma.fields.String(required=True)


class ItemSchema(ma.Schema):
    id = ma.fields.String(required=True)
    text = ma.fields.String(required=True)
    required = ma.fields.Boolean(required=True)
    options = ma.fields.List(ma.fields.Nested(OptionSchema), required=True)


class InstrumentSchema(ma.Schema):
    """A questionnaire with the items of its current version (what check-ins ask)."""

    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    short_name = ma.fields.String(required=True)
    builtin = ma.fields.Boolean(required=True)
    version = ma.fields.Integer(
        required=True,
        metadata={"description": "our version number; each import that changes it adds one"},
    )
    edition = ma.fields.String(required=True, metadata={"description": "the file's version"})
    instructions = ma.fields.String(required=True)
    items = ma.fields.List(ma.fields.Nested(ItemSchema), required=True)
    languages = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "languages it can be answered in, its own (en) first"},
    )


def describe(row: Instrument) -> dict[str, Any]:
    """What ``InstrumentSchema`` shows of an instrument: its current version's content."""
    version = row.current()
    definition = version.parsed()
    return {
        "id": row.id,
        "slug": row.slug,
        "name": row.name,
        "short_name": row.short_name,
        "builtin": row.builtin,
        "version": version.number,
        "edition": definition.version,
        "instructions": definition.instructions or "",
        "items": definition.items,
        "languages": list(definition.languages),
    }


INSTRUMENT_FILE = {
    "type": "object",
    "additionalProperties": True,
    "description": "an instrument file (its format is in docs/instrument-files.md)",
}


class NewScheduleSchema(ma.Schema):
    """When the cohort's members answer one instrument (the schedule page's choices)."""

    instrument_id = IdOf(
        usable(Instrument),
        "questionnaire",
        required=True,
        metadata={"description": "GET /api/v1/instruments"},
    )
    baseline = ma.fields.Boolean(
        load_default=True, metadata={"description": "when each member joins"}
    )
    every_weeks = ma.fields.Integer(
        allow_none=True, load_default=None, validate=Range(*EVERY_WEEKS_RANGE)
    )
    meeting_ids = ma.fields.List(
        Id(), load_default=list, validate=ma.validate.Length(max=200),
        metadata={"description": "also at these meetings of the cohort"},
    )  # fmt: skip
    final = ma.fields.Boolean(load_default=True, metadata={"description": "at the last meeting"})
    window_before_days = ma.fields.Integer(load_default=2, validate=Range(*WINDOW_BEFORE_RANGE))
    window_after_days = ma.fields.Integer(load_default=5, validate=Range(*WINDOW_AFTER_RANGE))


class ScheduleSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    instrument_id = ma.fields.Integer(required=True)
    baseline = ma.fields.Boolean(attribute="at_baseline", required=True)
    every_weeks = ma.fields.Integer(allow_none=True, required=True)
    meeting_ids = ma.fields.List(ma.fields.Integer(), required=True)
    final = ma.fields.Boolean(attribute="at_end", required=True)
    window_before_days = ma.fields.Integer(required=True)
    window_after_days = ma.fields.Integer(required=True)
