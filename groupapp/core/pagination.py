"""Keyset pagination for list pages, and counts that stay cheap however long a list is.

A page is the first ``size`` rows of a query ordered by a few columns (the last one unique,
usually the id), after a cursor taken from the last row of the previous page. The database
reads only the rows it returns, through an index on the same columns, so the hundredth
page costs what the first does (``OFFSET`` reads and throws away every row before it).

Cursors are dot-separated integers (``"1764403200000000.8812"``), safe in a URL. They come
back from people's browsers, so :func:`decode_cursor` accepts any text and answers
``None`` (the first page) for anything it did not make.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from groupapp.core.ids import MAX_ID
from groupapp.db import db

T = TypeVar("T")

CursorValue = int | datetime | date
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_PART = re.compile(r"-?\d{1,19}")
MAX_CURSOR_LENGTH = 200
#: Lists say "1,000+" rather than count further: a count reads every row it counts.
COUNT_CAP = 1000


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One page of rows and the cursor of the page after it (None on the last page)."""

    items: list[T]
    next_cursor: str | None
    first: bool


def _to_int(value: CursorValue) -> int:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a cursor")
        return (value - _EPOCH) // timedelta(microseconds=1)
    if isinstance(value, date):
        return value.toordinal()
    return int(value)


def _from_int(number: int, kind: type) -> CursorValue:
    if kind is int and abs(number) > MAX_ID:
        raise ValueError("beyond any id column")
    if kind is datetime:
        return _EPOCH + timedelta(microseconds=number)
    if kind is date:
        return date.fromordinal(number)
    return number


def encode_cursor(values: Sequence[CursorValue]) -> str:
    """The cursor text for a row's ordering values (ints, aware datetimes, dates)."""
    return ".".join(str(_to_int(value)) for value in values)


def decode_cursor(text: str | None, kinds: Sequence[type]) -> tuple[CursorValue, ...] | None:
    """The values in ``text`` as ``kinds`` (``int``, ``datetime``, ``date``), or None.

    Never raises: a missing, altered or foreign cursor means "start at the first page".
    """
    if not text or len(text) > MAX_CURSOR_LENGTH:
        return None
    parts = text.split(".")
    if len(parts) != len(kinds) or not all(_PART.fullmatch(part) for part in parts):
        return None
    try:
        return tuple(_from_int(int(part), kind) for part, kind in zip(parts, kinds, strict=True))
    except (ValueError, OverflowError):
        return None


def keyset_page(
    query: sa.Select[Any],
    columns: Sequence[Any],
    cursor: str | None,
    size: int,
    key: Callable[[Any], Sequence[CursorValue]],
    descending: bool = False,
    scalars: bool = True,
) -> KeysetPage[Any]:
    """The page of ``query`` after ``cursor``, ordered by ``columns`` (one statement).

    ``columns`` end with a unique one; ``key(row)`` gives a row's values for them (the
    next cursor is made from the page's last row). ``scalars=False`` returns rows of
    several entities instead of single objects.
    """
    kinds = [_kind(column) for column in columns]
    after = decode_cursor(cursor, kinds)
    if after is not None:
        query = query.where(_beyond(columns, after, descending))
    order = [column.desc() if descending else column.asc() for column in columns]
    query = query.order_by(*order).limit(size + 1)
    result = db.session.execute(query)
    rows = list(result.scalars() if scalars else result.all())
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(key(rows[-1])) if more and rows else None
    return KeysetPage(rows, next_cursor, after is None)


def _beyond(
    columns: Sequence[Any], values: Sequence[CursorValue], descending: bool
) -> sa.ColumnElement[bool]:
    """Rows after ``values`` in the order of ``columns``.

    Written out as ``a <= x AND (a < x OR (a = x AND b < y))`` rather than a row
    comparison: each value binds with its own column's type on every database, and the
    leading range on ``a`` lets the index on ``columns`` start at the cursor.
    """

    def past(column: Any, value: CursorValue) -> sa.ColumnElement[bool]:
        return column < value if descending else column > value  # type: ignore[no-any-return]

    alternatives = [
        sa.and_(*(c == v for c, v in zip(columns[:i], values[:i], strict=True)), past(col, val))
        for i, (col, val) in enumerate(zip(columns, values, strict=True))
    ]
    first, start = columns[0], values[0]
    leading = first <= start if descending else first >= start
    return sa.and_(leading, sa.or_(*alternatives))


def _kind(column: Any) -> type:
    column_type = column.type
    impl = getattr(column_type, "impl_instance", None)  # a TypeDecorator's stored type
    for candidate in (column_type, impl):
        if isinstance(candidate, sa.DateTime):
            return datetime
        if isinstance(candidate, sa.Date):
            return date
    return int


def capped_count_expression(query: sa.Select[Any], cap: int = COUNT_CAP) -> sa.ScalarSelect[int]:
    """A scalar subquery counting the rows of ``query`` up to ``cap + 1``, to read along
    with other figures in one statement (see :func:`capped_count`)."""
    limited = query.order_by(None).limit(cap + 1).subquery()
    return sa.select(sa.func.count()).select_from(limited).scalar_subquery()


def capped_count(query: sa.Select[Any], cap: int = COUNT_CAP) -> int:
    """How many rows ``query`` returns, counting no further than ``cap + 1``.

    Shown as "1,000+" by :func:`count_label`; the statement stops after ``cap + 1`` rows.
    """
    return int(db.session.scalar(sa.select(capped_count_expression(query, cap))) or 0)


def count_label(count: int, cap: int = COUNT_CAP) -> str:
    """``count`` for people: "37", "1,000" or "1,000+" beyond the cap."""
    return f"{cap:,}+" if count > cap else f"{count:,}"
