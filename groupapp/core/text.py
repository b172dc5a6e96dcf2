"""Text a person typed, made safe for one-line places (names, topics, headers, calendars).

Browsers keep single-line inputs on one line, but a crafted POST can carry line breaks
and other control characters. Every single-line form field passes :func:`single_line`
as a WTForms filter (a test in tests/trust checks each form), and renderers whose format
breaks on a line break (iCalendar properties, email subjects) apply it again, so a value
stored before the filter existed cannot break them either.
"""

from __future__ import annotations

import re
from typing import Any

# Control characters (C0, DEL, C1: Unicode category Cc) and the line and paragraph
# separators (Zl, Zp).
_BREAKING_RUN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_NOT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def single_line(value: Any) -> Any:
    """``value`` with every run of control characters or line breaks made one space.

    Leading and trailing spaces are removed. Non-strings (None, numbers) are returned
    unchanged, so it works as a WTForms filter on any field.
    """
    if not isinstance(value, str):
        return value
    return _BREAKING_RUN.sub(" ", value).strip()


def multi_line(value: str) -> str:
    """Text that may keep line breaks (as ``\\n``) but no other control characters."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_NEWLINE.sub(lambda m: "" if m.group() != "\t" else " ", text)
