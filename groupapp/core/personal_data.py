"""Registry through which each domain contributes to a participant's data export and erasure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from groupapp.db import db


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[Any], Any]  # user -> JSON-able data
    erase: Callable[[Any], None]  # user -> None (remove or anonymise; flush, never commit)


_sections: dict[str, Section] = {}


def register_section(name: str, export: Callable[[Any], Any], erase: Callable[[Any], None]) -> None:
    """Add (or replace) the export and erase functions for one domain's personal data."""
    _sections[name] = Section(name, export, erase)


_wordings: dict[str, Callable[[Any, Any], Any]] = {}


def register_wording(name: str, wording: Callable[[Any, Any], Any]) -> None:
    """Give section ``name`` a function (user, exported data) -> the same data with the
    app's own words (a questionnaire's name, its band labels) in the reader's language.

    Used for the page a person reads, never for the file they download, whose values stay
    the app's own."""
    _wordings[name] = wording


def in_reader_words(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (from ``export_user``) with each section's words in the reader's language."""
    return {
        name: _wordings[name](user, value) if name in _wordings and value else value
        for name, value in data.items()
    }


def sections() -> list[Section]:
    return list(_sections.values())


def export_user(user: Any) -> dict[str, Any]:
    """Everything every domain holds about ``user``, keyed by section name."""
    return {section.name: section.export(user) for section in _sections.values()}


def erase_user(user: Any) -> None:
    for section in _sections.values():
        section.erase(user)


def unlink_person(user_id: int, *columns: InstrumentedAttribute[int | None]) -> None:
    """Empty each column (a nullable reference to ``users``) where it names the person,
    one statement per column: for rows the person wrote about others, which stay."""
    for column in columns:
        db.session.execute(
            sa.update(column.class_).where(column == user_id).values({column.key: None})
        )
