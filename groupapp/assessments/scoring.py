"""Score answers to an instrument and judge change between two totals.

Pure functions over :class:`~groupapp.assessments.instrument_model.Instrument`;
the server calls them on submit and stores the result with the instrument version.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from groupapp.assessments.file_checks import score_range
from groupapp.assessments.instrument_model import Band, Instrument, Item, Number

Change = Literal[
    "reliable_improvement", "reliable_deterioration", "no_reliable_change", "not_assessed"
]
Recovery = Literal["reliable_recovery", "recovery", "no_recovery", "not_applicable"]
Z_CRITICAL = 1.96


class AnswerError(ValueError):
    """An answer names an unknown item or a value that is not one of its options."""


@dataclass(frozen=True)
class RiskFlag:
    """A risk item met its rule."""

    item_id: str
    value: Number
    message: str


@dataclass(frozen=True)
class SubscaleScore:
    """One subscale's score (None when an item is unanswered) and band."""

    id: str
    name: str
    value: float | None
    band: str | None


@dataclass(frozen=True)
class ScoreResult:
    """Everything the server stores after scoring a response."""

    total: float | None
    band: str | None
    subscales: tuple[SubscaleScore, ...]
    risk_flags: tuple[RiskFlag, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """True when every required item was answered."""
        return not self.missing


def parse_answer(item: Item, raw: str) -> Number:
    """The option value a form field submitted for ``item`` (AnswerError if not an option)."""
    for option in item.options:
        if value_text(option.value) == raw.strip():
            return option.value
    raise AnswerError(f"{item.id}: {raw!r} is not one of the options")


def value_text(value: Number) -> str:
    """How an option value is written in a form field (and read back by parse_answer)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def item_score(item: Item, value: Number) -> Number:
    """The scored value: reversed items count (min + max) - value of their own options."""
    return item.min_value + item.max_value - value if item.reverse else value


def _combine(values: list[Number], method: str, multiplier: Number) -> float:
    raw = sum(values) / len(values) if method == "mean" else sum(values)
    return _tidy(raw * multiplier)


def _tidy(value: float) -> float:
    """Round away floating point noise (0.1 + 0.2) so stored scores compare exactly."""
    return round(value, 6) + 0.0


def band_for(bands: tuple[Band, ...], score: float | None) -> str | None:
    """The label of the band holding ``score`` (None between bands or without bands)."""
    if score is None:
        return None
    return next((band.label for band in bands if band.contains(score)), None)


def _check_answers(instrument: Instrument, answers: Mapping[str, Number]) -> None:
    ids = {item.id for item in instrument.items}
    for item_id, value in answers.items():
        if item_id not in ids:
            raise AnswerError(f"{item_id}: no such item")
        if instrument.item(item_id).option_for(value) is None:
            raise AnswerError(f"{item_id}: {value!r} is not one of the options")


def _score_of(
    instrument: Instrument,
    ids: tuple[str, ...],
    answers: Mapping[str, Number],
    method: str,
    mult: Number,
) -> float | None:
    if any(item_id not in answers for item_id in ids):
        return None
    return _combine([item_score(instrument.item(i), answers[i]) for i in ids], method, mult)


def score(instrument: Instrument, answers: Mapping[str, Number]) -> ScoreResult:
    """Score ``answers`` (item id -> option value); totals need every item they count."""
    _check_answers(instrument, answers)
    total_rule = instrument.scoring.total
    total = _score_of(
        instrument, instrument.total_item_ids(), answers, total_rule.method, total_rule.multiplier
    )
    subscales = tuple(
        SubscaleScore(
            id=sub.id,
            name=sub.name,
            value=(value := _score_of(instrument, sub.items, answers, sub.method, sub.multiplier)),
            band=band_for(sub.bands, value),
        )
        for sub in instrument.scoring.subscales
    )
    flags = tuple(
        RiskFlag(item_id=item.id, value=answers[item.id], message=item.risk.message)
        for item in instrument.items
        if item.risk and item.id in answers and answers[item.id] >= item.risk.at_least
    )
    missing = tuple(
        item.id for item in instrument.items if item.required and item.id not in answers
    )
    return ScoreResult(
        total=total,
        band=band_for(instrument.scoring.bands, total),
        subscales=subscales,
        risk_flags=flags,
        missing=missing,
    )


def total_range(instrument: Instrument) -> tuple[float, float]:
    """Lowest and highest possible total (for chart axes)."""
    rule = instrument.scoring.total
    ranges = [(i.min_value, i.max_value) for i in map(instrument.item, instrument.total_item_ids())]
    low, high = score_range(ranges, rule.method, rule.multiplier)
    return float(low), float(high)


def reliable_change_threshold(instrument: Instrument) -> float | None:
    """Smallest change in total-score points that counts as reliable, or None.

    Either the raw points the file gives, or Jacobson & Truax (1991):
    1.96 * sqrt(2) * SD * sqrt(1 - r).
    """
    rc = instrument.scoring.reliable_change
    if rc is None:
        return None
    if rc.points is not None:
        return float(rc.points)
    if rc.sd is None or rc.reliability is None:
        return None
    return Z_CRITICAL * math.sqrt(2) * rc.sd * math.sqrt(1 - rc.reliability)


def _is_reliable(instrument: Instrument, difference: float) -> bool:
    rc = instrument.scoring.reliable_change
    threshold = reliable_change_threshold(instrument)
    if rc is None or threshold is None:
        return False
    # Raw points read "a change of N or more"; a derived RCI must exceed 1.96 strictly.
    if rc.points is not None:
        return abs(difference) >= threshold - 1e-9
    return abs(difference) > threshold


def classify_change(instrument: Instrument, baseline: float, latest: float) -> Change:
    """Reliable improvement, reliable deterioration, no reliable change, or not assessed.

    ``not_assessed`` means the instrument makes no reliable-change claim (no threshold).
    """
    if instrument.scoring.reliable_change is None:
        return "not_assessed"
    difference = latest - baseline
    if not _is_reliable(instrument, difference):
        return "no_reliable_change"
    got_worse = difference > 0 if instrument.scoring.higher_is == "worse" else difference < 0
    return "reliable_deterioration" if got_worse else "reliable_improvement"


def is_case(instrument: Instrument, total: float) -> bool | None:
    """At or past the clinical cut-off (None when the instrument has none).

    For ``higher_is: worse`` a case is a total at or above ``caseness``; for
    ``better`` it is a total at or below it.
    """
    cut = instrument.scoring.caseness
    if cut is None:
        return None
    return total >= cut if instrument.scoring.higher_is == "worse" else total <= cut


def recovery_status(instrument: Instrument, baseline: float, latest: float) -> Recovery:
    """NHS Talking Therapies recovery: a case at the start and not at the end.

    Reliable recovery is recovery together with reliable improvement.
    """
    if is_case(instrument, baseline) is not True:
        return "not_applicable"
    if is_case(instrument, latest):
        return "no_recovery"
    if classify_change(instrument, baseline, latest) == "reliable_improvement":
        return "reliable_recovery"
    return "recovery"
