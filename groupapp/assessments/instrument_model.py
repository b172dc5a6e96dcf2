"""Frozen dataclasses describing an instrument (a questionnaire) once validated.

They are produced only by :mod:`groupapp.assessments.instrument_file`, which checks
every rule first, so code that receives an ``Instrument`` may trust its shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Number = int | float
Method = Literal["sum", "mean"]
Direction = Literal["worse", "better"]
Respondent = Literal["participant", "facilitator"]
RESPONDENTS: tuple[Respondent, ...] = ("participant", "facilitator")


@dataclass(frozen=True)
class Option:
    """One answer choice: the number it scores and the words shown."""

    value: Number
    label: str
    code: str | None = None  # e.g. a LOINC answer code such as LA6568-5


@dataclass(frozen=True)
class RiskRule:
    """Raise a risk flag when the raw answer to an item is at least ``at_least``."""

    at_least: Number
    message: str


@dataclass(frozen=True)
class Item:
    """One question with its resolved options (the file default or its own)."""

    id: str
    text: str
    options: tuple[Option, ...]
    reverse: bool = False
    scored: bool = True
    required: bool = True
    risk: RiskRule | None = None
    code: str | None = None  # e.g. a LOINC item code

    @property
    def min_value(self) -> Number:
        """Lowest option value of this item."""
        return min(option.value for option in self.options)

    @property
    def max_value(self) -> Number:
        """Highest option value of this item."""
        return max(option.value for option in self.options)

    def option_for(self, value: Number) -> Option | None:
        """The option whose value equals ``value``, or None."""
        for option in self.options:
            if option.value == value:
                return option
        return None


@dataclass(frozen=True)
class Band:
    """A labelled score range; both ends inclusive."""

    min: Number
    max: Number
    label: str

    def contains(self, score: Number) -> bool:
        """True when ``score`` lies within this band."""
        return self.min <= score <= self.max


@dataclass(frozen=True)
class Subscale:
    """A named score over some items, with its own method, multiplier and bands."""

    id: str
    name: str
    items: tuple[str, ...]
    method: Method = "sum"
    multiplier: Number = 1
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class TotalRule:
    """How the total is computed: which items, sum or mean, and a multiplier."""

    items: tuple[str, ...]
    all_items: bool = True
    method: Method = "sum"
    multiplier: Number = 1


@dataclass(frozen=True)
class ReliableChange:
    """Either a raw-point threshold or the SD and reliability to derive one."""

    points: Number | None = None
    sd: Number | None = None
    reliability: Number | None = None


@dataclass(frozen=True)
class Scoring:
    """Scoring rules of an instrument."""

    total: TotalRule
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    higher_is: Direction = "worse"
    reliable_change: ReliableChange | None = None
    caseness: Number | None = None
    convention: str | None = None  # free text, e.g. "items scored 1-5 (total 10-50)"


@dataclass(frozen=True)
class FhirCodes:
    """Optional LOINC codes for the questionnaire panel and its total score."""

    questionnaire_code: str | None = None
    total_code: str | None = None


@dataclass(frozen=True)
class ItemTranslation:
    """One item's words in another language.

    ``options`` holds the labels of the item's own options, in the order of
    ``Item.options`` (empty when the item uses the file's default options).
    """

    text: str
    options: tuple[str, ...] = ()
    risk_message: str | None = None


@dataclass(frozen=True)
class SubscaleTranslation:
    """A subscale's name and band labels (in the order of its bands) in another language."""

    name: str
    bands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Translation:
    """Every word a participant reads of an instrument, in one other language.

    Label tuples follow the order of the instrument's own lists (default options,
    total bands); ``items`` and ``subscales`` pair ids with their words. ``source``
    records who wrote or published the translation.
    """

    language: str
    source: str
    name: str
    items: tuple[tuple[str, ItemTranslation], ...]
    short_name: str | None = None
    instructions: str | None = None
    notice: str | None = None
    options: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    subscales: tuple[tuple[str, SubscaleTranslation], ...] = ()


@dataclass(frozen=True)
class Instrument:
    """A validated instrument file.

    The file's own words are English (``language``); ``translations`` carries other
    languages, applied by :func:`groupapp.assessments.instrument_language.in_language`.
    """

    id: str
    name: str
    version: str
    items: tuple[Item, ...]
    scoring: Scoring
    options: tuple[Option, ...] = ()
    short_name: str | None = None
    citation: str | None = None
    license: str | None = None
    copyright: str | None = None
    instructions: str | None = None
    validated: bool = True
    notice: str | None = None
    fhir: FhirCodes | None = None
    # Who answers: the participant about themselves (a check-in), or a facilitator
    # rating what they saw (an observation after a meeting).
    respondent: Respondent = "participant"
    translations: tuple[Translation, ...] = ()
    language: str = "en"

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id`` (KeyError when absent)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def display_name(self) -> str:
        """The short name when given, else the full name."""
        return self.short_name or self.name

    @property
    def languages(self) -> tuple[str, ...]:
        """Language codes it can be answered in: its own first, then its translations."""
        return (self.language, *(t.language for t in self.translations))

    def total_item_ids(self) -> tuple[str, ...]:
        """Ids of the items that count towards the total."""
        if self.scoring.total.all_items:
            return tuple(item.id for item in self.items if item.scored)
        return self.scoring.total.items
