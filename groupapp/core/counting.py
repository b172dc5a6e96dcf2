"""Several counts read in one SQL statement.

Pages show a handful of counts computed by different domains (unread messages, open risk
alerts, homework to review). Each domain gives its count as a scalar SQL expression for a
person; :func:`read_counts` puts them side by side in a single ``SELECT``, so a page runs
one statement for all of them, however many domains add one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from groupapp.db import db

# person -> a scalar SQL expression giving a count (e.g. a ``count(*)`` scalar subquery),
# or None when the count does not apply to that person (read as 0).
CountExpression = Callable[[Any], sa.ColumnElement[int] | sa.ScalarSelect[int] | None]


def read_counts(user: Any, wanted: Mapping[str, CountExpression]) -> dict[str, int]:
    """Every count of ``wanted`` for ``user``, by key, in one statement (none when
    ``wanted`` is empty or no count applies). Counts that do not apply read 0."""
    columns = []
    for key, count in wanted.items():
        expression = count(user)
        if expression is not None:
            columns.append(sa.type_coerce(expression, sa.Integer).label(key))
    numbers = dict.fromkeys(wanted, 0)
    if columns:
        row = db.session.execute(sa.select(*columns)).one()
        numbers.update({key: int(value or 0) for key, value in row._mapping.items()})
    return numbers
