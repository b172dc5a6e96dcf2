"""Reliable change, caseness, recovery and the plain-words description."""

from __future__ import annotations

import math

import pytest

from groupapp.assessments.builtin import builtin_instrument
from groupapp.assessments.scoring import (
    classify_change,
    is_case,
    recovery_status,
    reliable_change_threshold,
)
from groupapp.assessments.wording import describe_change
from tests.assessments.instrument_data import minimal_instrument, sfcs_shaped


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [
        (15, 9, "reliable_improvement"),  # a fall of exactly 6 counts
        (15, 10, "no_reliable_change"),
        (15, 15, "no_reliable_change"),
        (9, 15, "reliable_deterioration"),
        (9, 14, "no_reliable_change"),
    ],
)
def test_phq9_raw_point_threshold(baseline: int, latest: int, expected: str) -> None:
    assert classify_change(builtin_instrument("phq9"), baseline, latest) == expected


def test_gad7_threshold_is_four_points() -> None:
    gad7 = builtin_instrument("gad7")
    assert classify_change(gad7, 12, 8) == "reliable_improvement"
    assert classify_change(gad7, 12, 9) == "no_reliable_change"


def test_jacobson_truax_threshold_from_sd_and_reliability() -> None:
    sfcs = sfcs_shaped()  # sd 10, reliability 0.8
    threshold = reliable_change_threshold(sfcs)
    assert threshold == pytest.approx(1.96 * math.sqrt(2) * 10 * math.sqrt(0.2))
    assert threshold == pytest.approx(12.396, abs=1e-3)
    assert classify_change(sfcs, 50, 63) == "reliable_deterioration"
    assert classify_change(sfcs, 50, 37) == "reliable_improvement"
    assert classify_change(sfcs, 50, 62) == "no_reliable_change"
    assert classify_change(sfcs, 50, 38) == "no_reliable_change"


def test_higher_is_better_flips_the_direction() -> None:
    wellbeing = minimal_instrument(higher_is="better", reliable_change=2, caseness=2)
    assert classify_change(wellbeing, 1, 4) == "reliable_improvement"
    assert classify_change(wellbeing, 4, 1) == "reliable_deterioration"
    assert is_case(wellbeing, 2) is True
    assert is_case(wellbeing, 3) is False
    assert recovery_status(wellbeing, 1, 4) == "reliable_recovery"


def test_instruments_without_a_threshold_are_not_assessed() -> None:
    assert reliable_change_threshold(builtin_instrument("k10")) is None
    assert classify_change(builtin_instrument("k10"), 40, 12) == "not_assessed"
    assert classify_change(builtin_instrument("relationship-checkin"), 20, 50) == "not_assessed"


@pytest.mark.parametrize(
    ("instrument_id", "baseline", "latest", "expected"),
    [
        ("phq9", 15, 9, "reliable_recovery"),
        ("phq9", 12, 9, "recovery"),  # below caseness but a fall of only 3
        ("phq9", 15, 10, "no_recovery"),  # still at caseness (10)
        ("phq9", 8, 2, "not_applicable"),  # not a case at the start
        ("gad7", 8, 4, "reliable_recovery"),  # GAD-7 caseness is 8
        ("gad7", 8, 7, "recovery"),
        ("k10", 30, 12, "not_applicable"),  # no caseness given
    ],
)
def test_recovery_follows_nhs_talking_therapies(
    instrument_id: str, baseline: int, latest: int, expected: str
) -> None:
    assert recovery_status(builtin_instrument(instrument_id), baseline, latest) == expected


def test_plain_words_describe_change_without_diagnosing() -> None:
    phq9 = builtin_instrument("phq9")
    better = describe_change(phq9, 15, 9)
    assert better.startswith("Your PHQ-9 score fell from 15 to 9 (6 points).")
    assert "going better for you" in better
    assert better.endswith("not a diagnosis.")
    assert "talk it over with your facilitator" in describe_change(phq9, 5, 12)
    assert "does not yet show a clear change" in describe_change(phq9, 5, 7)
    assert describe_change(phq9, 5, 5).startswith(
        "Your PHQ-9 score is 5, the same as at the start."
    )
    assert describe_change(phq9, None, 7) == (
        "Your first PHQ-9 score is 7. This is a summary of your own answers, not a diagnosis."
    )
    assert describe_change(phq9, None, None) == "There is no completed check-in yet."
    reflection = describe_change(builtin_instrument("relationship-checkin"), 30, 31)
    assert "rose from 30 to 31 (1 point)" in reflection
    assert "On this reflection a higher score means more" in reflection
