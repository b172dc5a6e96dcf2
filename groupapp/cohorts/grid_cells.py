"""The attendance grid's cells as HTML, built in Python rather than in the template.

A cohort page shows every member against every meeting (hundreds of cells); rendering
each through the template's expressions was most of the page's time. A cell without a
comment depends only on its status, so those are built once per process.
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup

from groupapp.cohorts.queries import Mark

EMPTY_CELL = Markup(
    '<td class="mark mark-none"><span class="visually-hidden">not recorded</span></td>'
)


@cache
def _plain_cell(status: str) -> Markup:
    return Markup('<td class="mark mark-{0}"><abbr title="{1}">{2}</abbr></td>').format(
        status, status.capitalize(), status[:1].upper()
    )


def grid_cell(mark: Mark | None) -> Markup:
    """One ``<td>``: the status's initial, with the status and any comment as its title."""
    if mark is None:
        return EMPTY_CELL
    if not mark.comment:
        return _plain_cell(mark.status)
    return Markup('<td class="mark mark-{0}"><abbr title="{1}: {3}">{2}</abbr></td>').format(
        mark.status, mark.status.capitalize(), mark.status[:1].upper(), mark.comment
    )


def grid_row(cells: list[Mark | None]) -> Markup:
    """A member's cells, in meeting order."""
    # Markup.join keeps each already-escaped cell as it is and would escape anything else.
    return Markup("").join(map(grid_cell, cells))
