"""The facilitator-rated observation scale: a valid instrument file with two subscales."""

from __future__ import annotations

import json
from typing import Any

import pytest

from groupapp.assessments.builtin import builtin_instruments, observation_instrument
from groupapp.assessments.instrument_file import (
    InstrumentFileError,
    instrument_to_dict,
    parse_instrument,
)
from groupapp.assessments.scoring import score
from tests.assessments.instrument_data import minimal

CODEPENDENT = {"caretaking", "approval", "control", "boundary-difficulty", "own-needs-last"}
INTERDEPENDENT = {"give-and-take", "open-disagreement", "respectful-support", "own-boundaries"}


def test_the_observation_scale_is_rated_by_facilitators_and_round_trips() -> None:
    scale = observation_instrument()
    assert scale.respondent == "facilitator"
    assert not scale.validated  # no bands, caseness or reliable-change claims
    assert not scale.scoring.bands
    assert all(not s.bands for s in scale.scoring.subscales)
    stored = json.loads(json.dumps(instrument_to_dict(scale)))
    assert stored["respondent"] == "facilitator"
    assert parse_instrument(stored) == scale


def test_its_subscales_hold_the_codependent_and_interdependent_patterns() -> None:
    subscales = {s.id: set(s.items) for s in observation_instrument().scoring.subscales}
    assert subscales == {"codependent": CODEPENDENT, "interdependent": INTERDEPENDENT}
    answers = dict.fromkeys(CODEPENDENT, 3) | dict.fromkeys(INTERDEPENDENT, 1)
    result = score(observation_instrument(), answers)
    assert {s.id: s.value for s in result.subscales} == {"codependent": 3.0, "interdependent": 1.0}
    partial = score(observation_instrument(), {"caretaking": 2})
    assert [s.value for s in partial.subscales] == [None, None]


def test_it_is_never_offered_to_participants_as_a_check_in() -> None:
    assert all(i.respondent == "participant" for i in builtin_instruments())
    assert observation_instrument().id not in {i.id for i in builtin_instruments()}


def _with(**top: Any) -> dict[str, Any]:
    return {**minimal(), **top}


def test_respondent_is_checked_and_a_facilitator_file_has_no_risk_items() -> None:
    assert parse_instrument(_with()).respondent == "participant"
    assert parse_instrument(_with(respondent="participant")).respondent == "participant"
    with pytest.raises(InstrumentFileError) as info:
        parse_instrument(_with(respondent="therapist"))
    assert info.value.errors == ["respondent: expected one of participant, facilitator"]
    risky = _with(respondent="facilitator")
    risky["items"] = [*risky["items"]]
    risky["items"][0] = {**risky["items"][0], "risk": {"at_least": 1, "message": "Call us"}}
    with pytest.raises(InstrumentFileError) as info:
        parse_instrument(risky)
    assert "items[0].risk: not allowed when respondent is facilitator" in info.value.errors


def test_a_facilitator_rated_file_is_not_imported(app, factories) -> None:  # type: ignore[no-untyped-def]
    from groupapp.assessments.catalog import import_instrument_file

    org = factories.org()
    text = json.dumps(_with(respondent="facilitator"))
    with pytest.raises(InstrumentFileError) as info:
        import_instrument_file(org, text, source="import")
    assert info.value.errors[0].startswith("respondent: only participant questionnaires")
