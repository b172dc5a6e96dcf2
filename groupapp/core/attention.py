"""The "needs attention" list on a facilitator's start page, fed by every domain.

The start page (the cohorts list) cannot import homework, check-ins or the outbox (imports
run one way), so each domain registers a counter here: a function that answers, with one
SQL statement, how many things of its kind wait for this member of staff, and where to
deal with them. The page therefore runs one statement per counter, whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Attention:
    """One line of the list: ``count`` things, described by ``one``/``many``, dealt with at
    the page of ``endpoint`` (and ``anchor`` on it)."""

    key: str
    count: int
    one: str  # "open risk alert"
    many: str  # "open risk alerts"
    endpoint: str
    anchor: str = ""
    urgent: bool = False

    @property
    def label(self) -> str:
        return self.one if self.count == 1 else self.many


@dataclass(frozen=True)
class Counter:
    key: str
    count: Callable[[Any], Attention]  # staff user -> their line (count may be 0)
    order: int


_counters: list[Counter] = []


def register_attention(key: str, count: Callable[[Any], Attention], order: int = 50) -> None:
    """Add a counter (one SQL statement per call) to the staff start page's list."""
    if all(counter.key != key for counter in _counters):
        _counters.append(Counter(key, count, order))


def attention_for(user: Any) -> list[Attention]:
    """Every counter's line for ``user`` (staff), in order, zero counts included."""
    if not getattr(user, "is_staff", False):
        return []
    return [counter.count(user) for counter in sorted(_counters, key=lambda c: c.order)]
