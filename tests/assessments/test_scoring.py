"""Scoring test vectors for every built-in instrument and an SFCS-shaped import."""

from __future__ import annotations

import pytest

from groupapp.assessments.builtin import builtin_instrument
from groupapp.assessments.instrument_file import load_instrument
from groupapp.assessments.instrument_model import Instrument
from groupapp.assessments.scoring import AnswerError, parse_answer, score
from tests.assessments.instrument_data import data_file, minimal_instrument, sfcs_shaped


def extreme(instrument: Instrument, pick: str) -> dict[str, float]:
    """Every item (scored or not) answered with its lowest or highest option."""
    return {i.id: (i.min_value if pick == "min" else i.max_value) for i in instrument.items}


def answers_for_total(instrument: Instrument, total: int) -> dict[str, float]:
    """Non-reversed, integer-step answers whose sum is ``total`` (filled item by item)."""
    answers = {}
    remaining = total - sum(i.min_value for i in instrument.items if i.scored)
    for item in instrument.items:
        if not item.scored:
            continue
        step = min(remaining, item.max_value - item.min_value)
        answers[item.id] = item.min_value + step
        remaining -= step
    assert remaining == 0
    return answers


@pytest.mark.parametrize(
    ("instrument_id", "low", "low_band", "high", "high_band"),
    [
        ("phq9", 0, "Minimal", 27, "Severe"),
        ("gad7", 0, "Minimal", 21, "Severe"),
        ("k10", 10, "Low", 50, "Very high"),
    ],
)
def test_all_minimum_and_all_maximum_answers(
    instrument_id: str, low: int, low_band: str, high: int, high_band: str
) -> None:
    instrument = builtin_instrument(instrument_id)
    lowest = score(instrument, extreme(instrument, "min"))
    highest = score(instrument, extreme(instrument, "max"))
    assert (lowest.total, lowest.band, lowest.complete) == (low, low_band, True)
    assert (highest.total, highest.band) == (high, high_band)


PHQ9_EDGES = [
    (4, "Minimal"),
    (5, "Mild"),
    (9, "Mild"),
    (10, "Moderate"),
    (14, "Moderate"),
    (15, "Moderately severe"),
    (19, "Moderately severe"),
    (20, "Severe"),
]
GAD7_EDGES = [
    (4, "Minimal"),
    (5, "Mild"),
    (9, "Mild"),
    (10, "Moderate"),
    (14, "Moderate"),
    (15, "Severe"),
]
K10_EDGES = [(15, "Low"), (16, "Moderate"), (21, "Moderate"), (22, "High"), (29, "High"),
             (30, "Very high")]  # fmt: skip


@pytest.mark.parametrize(
    ("instrument_id", "total", "band"),
    [("phq9", *e) for e in PHQ9_EDGES]
    + [("gad7", *e) for e in GAD7_EDGES]
    + [("k10", *e) for e in K10_EDGES],
)
def test_every_band_edge(instrument_id: str, total: int, band: str) -> None:
    instrument = builtin_instrument(instrument_id)
    result = score(instrument, answers_for_total(instrument, total))
    assert (result.total, result.band) == (total, band)


def test_phq9_item_9_flags_risk_whatever_the_total() -> None:
    phq9 = builtin_instrument("phq9")
    answers = extreme(phq9, "min") | {"q9": 1}
    result = score(phq9, answers)
    assert (result.total, result.band) == (1, "Minimal")
    assert [f.item_id for f in result.risk_flags] == ["q9"]
    assert "support lines" in result.risk_flags[0].message
    assert score(phq9, extreme(phq9, "min")).risk_flags == ()


def test_phq9_difficulty_question_is_optional_and_not_scored() -> None:
    phq9 = builtin_instrument("phq9")
    answers = extreme(phq9, "max")
    del answers["difficulty"]
    assert score(phq9, answers).total == 27
    assert score(phq9, answers | {"difficulty": 0}).total == 27


def test_reflection_reverses_codependent_items() -> None:
    reflection = builtin_instrument("relationship-checkin")
    lowest = score(reflection, extreme(reflection, "min"))
    highest = score(reflection, extreme(reflection, "max"))
    # all 1s: six reversed items score 5 (30) + six plain items score 1 (6)
    assert lowest.total == highest.total == 36
    assert {s.id: s.value for s in lowest.subscales} == {"codependent": 30, "interdependent": 6}
    assert {s.id: s.value for s in highest.subscales} == {"codependent": 6, "interdependent": 30}
    assert lowest.band is None
    balanced = extreme(reflection, "max") | dict.fromkeys(
        ("boundaries", "self-esteem", "caretaking", "approval", "own-needs", "responsibility"), 1
    )
    assert score(reflection, balanced).total == 60


def test_sfcs_shaped_reversed_items_hand_computed() -> None:
    sfcs = sfcs_shaped()
    assert score(sfcs, extreme(sfcs, "min")).total == 14 * 1 + 2 * 6  # 26
    assert score(sfcs, extreme(sfcs, "max")).total == 14 * 6 + 2 * 1  # 86
    # q1..q16 answered 1,2,3,4,5,6,1,2,3,4,5,6,1,2,3,4; q5=5 counts 2, q13=1 counts 6
    answers = {f"q{n}": [1, 2, 3, 4, 5, 6][(n - 1) % 6] for n in range(1, 17)}
    assert sum(answers.values()) == 52
    assert score(sfcs, answers).total == 52 - 5 + 2 - 1 + 6  # 54
    assert score(sfcs, dict.fromkeys(answers, 4)).total == 14 * 4 + 2 * 3  # 62


def test_missing_answers_leave_no_total_and_are_listed() -> None:
    phq9 = builtin_instrument("phq9")
    result = score(phq9, {"q1": 2, "q9": 2})
    assert result.total is None
    assert result.band is None
    assert not result.complete
    assert result.missing == ("q2", "q3", "q4", "q5", "q6", "q7", "q8")
    assert [f.item_id for f in result.risk_flags] == ["q9"]


def test_answers_must_be_options_of_known_items() -> None:
    phq9 = builtin_instrument("phq9")
    with pytest.raises(AnswerError, match="q1: 4"):
        score(phq9, {"q1": 4})
    with pytest.raises(AnswerError, match="q99: no such item"):
        score(phq9, {"q99": 1})
    assert parse_answer(phq9.item("q1"), "2") == 2
    with pytest.raises(AnswerError):
        parse_answer(phq9.item("q1"), "2; drop table")


def test_mean_and_multiplier() -> None:
    instrument = load_instrument(data_file("valid.json"))
    assert score(instrument, {"q1": 0, "q2": 1}).total == 5
    assert score(instrument, {"q1": 0, "q2": 1}).band == "High"
    assert score(instrument, {"q1": 0, "q2": 0}).band == "Low"


def test_subscales_have_their_own_method_multiplier_and_bands() -> None:
    instrument = minimal_instrument(
        subscales=[
            {"id": "ab", "name": "A and B", "items": ["a", "b"], "multiplier": 2,
             "bands": [{"min": 0, "max": 3, "label": "Low"},
                       {"min": 4, "max": 8, "label": "High"}]},
            {"id": "mean", "name": "Mean", "items": "all", "method": "mean"},
        ]
    )  # fmt: skip
    result = score(instrument, {"a": 1, "b": 1, "c": 2})
    assert [(s.id, s.value, s.band) for s in result.subscales] == [
        ("ab", 4, "High"),
        ("mean", pytest.approx(4 / 3), None),
    ]
    assert score(instrument, {"a": 1}).subscales[0].value is None
