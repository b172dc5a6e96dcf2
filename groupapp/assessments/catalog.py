"""An organisation's instruments: built-ins loaded per organisation, imports as versions.

Importing a file whose id the organisation already uses adds a new version (unless it is
identical to the current one), so responses keep the version they were answered on.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from groupapp.accounts.models import Organisation, User
from groupapp.assessments.builtin import builtin_instruments
from groupapp.assessments.instrument_file import (
    InstrumentFileError,
    instrument_to_dict,
    load_instrument,
)
from groupapp.assessments.instrument_model import Instrument as InstrumentDef
from groupapp.assessments.models import Instrument, InstrumentVersion
from groupapp.db import db


class BuiltinClash(ValueError):
    """An import tried to replace a built-in instrument."""


def organisation_instruments(organisation_id: int) -> list[Instrument]:
    """The organisation's instruments with their current versions, by name."""
    return list(
        db.session.scalars(
            sa.select(Instrument)
            .where(Instrument.organisation_id == organisation_id)
            .options(selectinload(Instrument.current_version))
            .order_by(Instrument.builtin.desc(), Instrument.short_name)
        )
    )


def add_version(
    organisation: Organisation,
    definition: InstrumentDef,
    *,
    source: str,
    created_by: User | None = None,
) -> tuple[Instrument, InstrumentVersion | None]:
    """Store ``definition`` as the newest version of the organisation's instrument.

    Returns the instrument and the new version, or None when the file is identical to
    the current version (nothing to add).
    """
    data = instrument_to_dict(definition)
    instrument = db.session.scalar(
        sa.select(Instrument).where(
            Instrument.organisation_id == organisation.id, Instrument.slug == definition.id
        )
    )
    if instrument is None:
        instrument = Instrument(
            organisation=organisation,
            slug=definition.id,
            builtin=source == "builtin",
            name=definition.name,
            short_name=definition.display_name[:64],
        )
        db.session.add(instrument)
        db.session.flush()
    elif instrument.builtin and source != "builtin":
        raise BuiltinClash(
            f"id: {definition.id!r} is a built-in instrument; give your file another id"
        )
    current = instrument.current_version
    if current is not None and current.definition == data:
        return instrument, None
    number = (current.number if current else 0) + 1
    version = InstrumentVersion(
        instrument=instrument, number=number, definition=data, source=source,
        created_by_id=created_by.id if created_by else None,
    )  # fmt: skip
    db.session.add(version)
    db.session.flush()
    instrument.current_version = version
    instrument.name = definition.name
    instrument.short_name = definition.display_name[:64]
    db.session.flush()
    return instrument, version


def ensure_builtins(organisation: Organisation) -> None:
    """Give the organisation every built-in instrument (a new version if one changed)."""
    for definition in builtin_instruments():
        add_version(organisation, definition, source="builtin")


def import_instrument_file(
    organisation: Organisation, text: str | bytes, *, source: str, created_by: User | None = None
) -> tuple[Instrument, InstrumentVersion | None]:
    """Validate an uploaded or imported file and store it as a new version.

    Raises ``InstrumentFileError`` (every problem with its path) or ``BuiltinClash``.
    Only participant questionnaires are imported: an imported instrument can be
    scheduled as a check-in, and a facilitator-rated scale must never be sent to members.
    """
    definition = load_instrument(text)
    if definition.respondent != "participant":
        raise InstrumentFileError(
            ["respondent: only participant questionnaires can be imported (leave it out)"]
        )
    return add_version(organisation, definition, source=source, created_by=created_by)
