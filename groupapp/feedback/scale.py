"""The meeting feedback scale, written for this project: three one-tap items and one
optional free-text item, answered in under a minute.

Each rated item is answered 1..5 (``ANSWERS``); higher is better on every item, so the
mean of the three is a simple summary of how the meeting went for the people who came.
It is a feedback form for the facilitators, not a validated instrument: no scoring
bands, no norms.
"""

from __future__ import annotations

from dataclasses import dataclass

from groupapp.core.i18n import N_


@dataclass(frozen=True)
class Item:
    """One rated item: the key stored, the statement shown."""

    key: str
    text: str


ITEMS: tuple[Item, ...] = (
    Item("heard", N_("I felt heard")),
    Item("useful", N_("The meeting was useful to me")),
    Item("safe", N_("I felt safe to say what I meant")),
)
CHANGE_PROMPT = N_("One thing you would change (optional)")
MAX_CHANGE = 500
#: The one-tap answers, lowest first.
ANSWERS: tuple[tuple[int, str], ...] = (
    (1, N_("Not at all")),
    (2, N_("A little")),
    (3, N_("Partly")),
    (4, N_("Mostly")),
    (5, N_("Completely")),
)
