"""Rows that exist once per person or per cohort, created safely when asked twice at once.

Reading a row and adding it when missing fails when two requests do it at the same moment
(two tabs opening the calendar page for the first time): both see nothing, both insert,
and the second insert breaks the unique constraint. ``get_or_create`` inserts with
``ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite) and then reads the row, so whichever
request comes second simply reads what the first one stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from groupapp.db import db

M = TypeVar("M")


def _insert(model: type[Any]) -> Any:
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def _where(model: type[Any], keys: Mapping[str, Any]) -> list[sa.ColumnElement[bool]]:
    return [getattr(model, name) == value for name, value in keys.items()]


def insert_once(
    model: type[Any], keys: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> bool:
    """Insert the ``model`` row ``{**defaults, **keys}`` unless one with ``keys`` exists.

    ``keys`` must be exactly the columns of a primary key or unique constraint (the
    conflict target). True when this call stored the row; False when it was there
    already, or a concurrent transaction stored it first (this one waits for that one).
    """
    statement = (
        _insert(model)
        .values({**(defaults or {}), **keys})
        .on_conflict_do_nothing(index_elements=list(keys))
    )
    result = db.session.execute(statement)
    return bool(cast(sa.CursorResult[Any], result).rowcount)


def get_or_create(
    model: type[M], keys: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> M:
    """The ``model`` row whose columns equal ``keys``, inserted with ``defaults`` if missing.

    ``keys`` as for ``insert_once``. Column defaults of the model apply to the insert.
    One SELECT when the row exists; otherwise an INSERT and a SELECT. Never commits.
    Raises ``LookupError`` only if the row vanished between the insert and the read.
    """
    found = db.session.scalar(sa.select(model).where(*_where(model, keys)))
    if found is not None:
        return found
    insert_once(model, keys, defaults)
    created = db.session.scalar(sa.select(model).where(*_where(model, keys)))
    if created is None:
        raise LookupError(f"{model.__name__} row {dict(keys)} vanished after insert")
    return created
