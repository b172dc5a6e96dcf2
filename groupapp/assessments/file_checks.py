"""Low-level checks shared by the instrument file parser.

A :class:`Checker` collects every problem with its path (``items[4].reverse:
expected true or false``) instead of stopping at the first, so an author fixes a
file in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from groupapp.assessments.instrument_model import Band, Number

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ITEM_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_TEXT = 2000
MAX_LABEL = 200

T = TypeVar("T")


class Checker:
    """Collects error messages; each helper returns the cleaned value or None."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        """Record one problem at ``path``."""
        self.errors.append(f"{path}: {message}")

    def mapping(
        self, path: str, value: Any, allowed: Collection[str], required: Collection[str] = ()
    ) -> dict[str, Any] | None:
        """A mapping with only ``allowed`` keys and every ``required`` key."""
        if not isinstance(value, Mapping):
            self.error(path, "expected a mapping of keys to values")
            return None
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in allowed:
                self.error(f"{prefix}{key}", "unknown key")
        for key in sorted(required):
            if key not in value:
                self.error(f"{prefix}{key}", "required")
        return {str(k): v for k, v in value.items() if k in allowed}

    def sequence(self, path: str, value: Any, *, min_len: int = 1, max_len: int = 500) -> list[Any]:
        """A list of between ``min_len`` and ``max_len`` entries (empty on error)."""
        if not isinstance(value, list):
            self.error(path, "expected a list")
            return []
        if len(value) < min_len:
            self.error(path, f"expected at least {min_len} entr{'y' if min_len == 1 else 'ies'}")
        if len(value) > max_len:
            self.error(path, f"expected at most {max_len} entries")
            return []
        return value

    def text(self, path: str, value: Any, *, max_len: int = MAX_TEXT) -> str | None:
        """A non-empty string of at most ``max_len`` characters."""
        if not isinstance(value, str):
            hint = ""
            if isinstance(value, bool):
                hint = " (yes, no, true and false need quotes round them)"
            elif isinstance(value, int | float):
                hint = ' (put quotes round it, e.g. "1991")'

            self.error(path, f"expected a string{hint}")
            return None
        stripped = value.strip()
        if not stripped:
            self.error(path, "must not be empty")
            return None
        if len(stripped) > max_len:
            self.error(path, f"longer than {max_len} characters")
            return None
        return stripped

    def optional_text(self, path: str, data: Mapping[str, Any], key: str, **kw: Any) -> str | None:
        """``data[key]`` as text when present, else None."""
        if key not in data:
            return None
        return self.text(f"{path}{key}", data[key], **kw)

    def pattern(self, path: str, value: Any, regex: re.Pattern[str], what: str) -> str | None:
        """A string matching ``regex``; ``what`` explains the rule in the error."""
        if not isinstance(value, str) or not regex.match(value):
            self.error(path, f"expected {what}")
            return None
        return value

    def boolean(self, path: str, value: Any) -> bool | None:
        """True or false (YAML yes/no count too, as the YAML loader turns them to bools)."""
        if not isinstance(value, bool):
            self.error(path, "expected true or false")
            return None
        return value

    def number(self, path: str, value: Any, *, positive: bool = False) -> Number | None:
        """An int or float (not a bool), optionally strictly positive."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(path, "expected a number")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.error(path, "expected a finite number")
            return None
        if positive and value <= 0:
            self.error(path, "must be greater than 0")
            return None
        return value

    def choice(self, path: str, value: Any, choices: tuple[str, ...]) -> str | None:
        """One of ``choices``."""
        if value not in choices:
            self.error(path, f"expected one of {', '.join(choices)}")
            return None
        return str(value)

    def each(
        self, path: str, values: list[Any], fn: Callable[[str, Any], T | None]
    ) -> list[T | None]:
        """Apply ``fn(path[i], value)`` to each entry, keeping positions."""
        return [fn(f"{path}[{index}]", value) for index, value in enumerate(values)]

    def unique(self, path: str, keys: list[Any], what: str) -> None:
        """Report every entry whose key repeats an earlier one."""
        seen: set[Any] = set()
        for index, key in enumerate(keys):
            if not isinstance(key, str | int | float):
                continue  # missing, or of a wrong type that is reported where it is read
            if key in seen:
                self.error(f"{path}[{index}].{what}", f"duplicate {what} {key!r}")
            seen.add(key)

    def bands(self, path: str, bands: list[Band], low: Number, high: Number) -> None:
        """Bands must lie in [low, high], run upwards and not overlap."""
        for index, band in enumerate(bands):
            where = f"{path}[{index}]"
            if band.min > band.max:
                self.error(where, f"min {band.min} is above max {band.max}")
            if band.min < low or band.max > high:
                self.error(
                    where,
                    f"{band.min}-{band.max} lies outside the possible score range "
                    f"{fmt_number(low)}-{fmt_number(high)}",
                )
            if index and band.min <= bands[index - 1].max:
                self.error(
                    f"{where}.min",
                    f"must be above the previous band's max {bands[index - 1].max} "
                    "(bands run upwards and do not overlap)",
                )


def fmt_number(value: Number) -> str:
    """A number without a needless trailing .0."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def score_range(
    ranges: list[tuple[Number, Number]], method: str, multiplier: Number
) -> tuple[Number, Number]:
    """Lowest and highest possible score of items with the given (min, max) ranges."""
    if not ranges:
        return 0, 0
    low = sum(r[0] for r in ranges)
    high = sum(r[1] for r in ranges)
    if method == "mean":
        return low / len(ranges) * multiplier, high / len(ranges) * multiplier
    return low * multiplier, high * multiplier
