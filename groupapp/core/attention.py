"""The "needs attention" list on a facilitator's start page, fed by every domain.

The start page (the cohorts list) cannot import homework, check-ins or the outbox (imports
run one way), so each domain registers a counter here: a function that gives, as a scalar
SQL expression, how many things of its kind wait for this member of staff, and where to
deal with them. The list reads every counter in one statement, whatever the data size and
however many domains add a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from groupapp.core.counting import CountExpression, read_counts


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
    """A registered line: how to count, and the words and link the line shows."""

    key: str
    count: CountExpression
    one: str
    many: str
    endpoint: str
    anchor: str = ""
    urgent: bool = False  # shown as urgent whenever the count is not 0
    order: int = 50


_counters: list[Counter] = []


def register_attention(counter: Counter) -> None:
    """Add a line to the staff start page's list (registering a key twice keeps the first)."""
    if all(known.key != counter.key for known in _counters):
        _counters.append(counter)


def attention_for(user: Any) -> list[Attention]:
    """Every counter's line for ``user`` (staff), in order, zero counts included.

    One SQL statement for the whole list; none for anyone else.
    """
    if not getattr(user, "is_staff", False):
        return []
    counters = sorted(_counters, key=lambda c: c.order)
    if not counters:
        return []
    numbers = read_counts(user, {counter.key: counter.count for counter in counters})
    return [
        Attention(
            counter.key,
            numbers[counter.key],
            counter.one,
            counter.many,
            counter.endpoint,
            counter.anchor,
            urgent=counter.urgent and numbers[counter.key] > 0,
        )
        for counter in counters
    ]
