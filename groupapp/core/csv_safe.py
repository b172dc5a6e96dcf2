"""CSV output that a spreadsheet cannot turn into a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection"). Every CSV export of
user-written text goes through ``safe_cell`` (or ``write_rows``), which prefixes such a
cell with an apostrophe, the spreadsheet convention for "this is text".

Where the list separator is ``;`` (most of Europe) or a tab, a spreadsheet splits an
unquoted cell such as ``Kim;=cmd|' /C calc'!A0`` into several, and the second one would
start with ``=``. So every segment that follows a character a spreadsheet may split on
(``,``, ``;``, tab, line breaks) is defused the same way as the start of the cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
#: Characters a spreadsheet may split one CSV cell on, depending on locale and import.
SPLIT_CHARACTERS = (",", ";", "\t", "\r", "\n")
# The start of the cell or of any segment, then spaces, then a formula start: an
# apostrophe goes right after the separator (before the spaces).
_RISKY_SEGMENT = re.compile(
    "(^|[" + re.escape("".join(SPLIT_CHARACTERS)) + "])"
    "(?=[ ]*[" + re.escape("".join(FORMULA_STARTS)) + "])"
)


def safe_cell(value: Any) -> str | int | float:
    """The value as a CSV cell; numbers stay numbers, risky text gets a leading quote.

    Text is returned with an apostrophe before every segment (the cell, or a part after
    ``,`` ``;`` tab or a line break) that would otherwise start a formula.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return _RISKY_SEGMENT.sub(r"\1'", str(value))


def write_rows(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """A whole CSV document (header first) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
