"""CSV output that a spreadsheet cannot turn into a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection"). Every CSV export of
user-written text goes through ``safe_cell`` (or ``write_rows``), which prefixes such a
cell with an apostrophe, the spreadsheet convention for "this is text".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: Any) -> str | int | float:
    """The value as a CSV cell; numbers stay numbers, risky text gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    stripped = text.lstrip(" ")
    if stripped.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_rows(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """A whole CSV document (header first) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
