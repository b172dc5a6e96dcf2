"""Inserting many rows in one statement, keeping whatever is already there.

Scanners write thousands of outbox rows at a busy moment. An ``executemany`` sends one
INSERT per row (psycopg pipelines them, but each row is still parsed, planned and
converted on its own: about 0.2 ms a row, seconds at clinic scale). On PostgreSQL the
rows go as one JSON document instead, read back into rows by a single
``INSERT ... SELECT FROM json_to_recordset(...)``: one statement, one plan, one bound
parameter whatever the number of rows. A JSON document is written by the json module's
C encoder in one call; an array per column cost psycopg a Python step per value (a
quarter of a busy scan's time at clinic scale). SQLite keeps ``executemany`` (its
inserts are in-process anyway).

Rows that come straight from a query need not travel at all: ``INSERT ... SELECT`` has
the database write them, on both databases.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from groupapp.db import db

#: PostgreSQL type each kind of column this module writes is read as from the document.
_RECORD_TYPES: dict[type[Any], str] = {
    sa.Integer: "integer",
    sa.String: "text",
    sa.Text: "text",
    sa.JSON: "json",
    sa.DateTime: "timestamptz",
    sa.Boolean: "boolean",
}


def insert_ignoring_conflicts(
    table: sa.Table, rows: Sequence[dict[str, Any]], conflict_column: str
) -> None:
    """Insert ``rows`` (dicts of column values) into ``table``, in one statement per set
    of keys the rows have.

    A row whose ``conflict_column`` value exists already (or repeats an earlier row of
    ``rows``) is left out silently. Raises ``ValueError`` for a naive datetime and
    ``KeyError`` for a column the table lacks.
    """
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_keys.setdefault(tuple(row), []).append(row)
    on_postgresql = db.session.get_bind().dialect.name == "postgresql"
    for names, same in by_keys.items():
        if on_postgresql:
            _insert_document(table, names, same, conflict_column)
        else:
            insert = sqlite.insert(table).on_conflict_do_nothing(index_elements=[conflict_column])
            db.session.execute(insert, same)


def insert_selected_ignoring_conflicts(
    table: sa.Table, query: sa.Select[Any], conflict_column: str
) -> int:
    """``INSERT INTO table (...) SELECT ...`` of the rows ``query`` selects, leaving out
    silently those whose ``conflict_column`` value exists already (or repeats an earlier
    row of the query): one statement, and no row travels through the client.

    ``query``'s columns name the table's columns they fill (labels). Returns the number
    of rows inserted. Raises ``KeyError`` for a label the table lacks.
    """
    names = [table.c[column.name].name for column in query.selected_columns]
    keep = [conflict_column]
    statement: sa.Executable
    if db.session.get_bind().dialect.name == "postgresql":
        statement = (
            postgresql.insert(table)
            .from_select(names, query)
            .on_conflict_do_nothing(index_elements=keep)
        )
    else:
        # SQLite: the query as a subquery, so that its WITH (``rows_table``) stays inside
        # it and the statement starts with INSERT (Python's sqlite3 counts the rows of
        # such statements only), and with a WHERE of its own (SQLite would read ON
        # CONFLICT as a join's ON otherwise).
        selected = query.subquery()
        whole = sa.select(*selected.c).where(sa.true())
        statement = (
            sqlite.insert(table)
            .from_select(names, whole)
            .on_conflict_do_nothing(index_elements=keep)
        )
    # An INSERT's row count is kept only when asked for (the result has no rows).
    result = db.session.execute(statement.execution_options(preserve_rowcount=True))
    return cast(sa.CursorResult[Any], result).rowcount


def _insert_document(
    table: sa.Table, names: tuple[str, ...], rows: list[dict[str, Any]], conflict_column: str
) -> None:
    # The rows go as they are: the record's fields carry the rows' own keys.
    quote = db.session.get_bind().dialect.identifier_preparer.quote
    columns = ", ".join(quote(table.c[name].name) for name in names)
    selected = ", ".join(quote(name) for name in names)
    fields = ", ".join(f"{quote(name)} {_record_type(table.c[name].type)}" for name in names)
    # Accepted SQL built from text: every name is one of the Table's own columns (looked up
    # above, quoted) and the field types come from _RECORD_TYPES; the rows are bound.
    statement = sa.text(
        f"INSERT INTO {table.name} ({columns}) SELECT {selected} "  # noqa: S608  # nosec B608
        f"FROM json_to_recordset(CAST(:rows AS json)) AS r({fields}) "
        f"ON CONFLICT ({table.c[conflict_column].name}) DO NOTHING"
    )
    db.session.execute(statement, {"rows": json.dumps(rows, default=_utc_text)})


def _record_type(column_type: sa.types.TypeEngine[Any]) -> str:
    impl = getattr(column_type, "impl", column_type)
    for kind, element in _RECORD_TYPES.items():
        if isinstance(impl, kind):
            return element
    raise TypeError(f"no record type for {column_type!r}")


@lru_cache(maxsize=1024)  # rows share a few instants (the moment written, the deadlines)
def _utc_text(value: Any) -> str:
    """A datetime in the document, as the text PostgreSQL reads as ``timestamptz``."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.astimezone(UTC).isoformat()
