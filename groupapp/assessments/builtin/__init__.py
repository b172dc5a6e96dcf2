"""Instrument files that ship with groupapp (free to redistribute)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from groupapp.assessments.instrument_file import load_instrument
from groupapp.assessments.instrument_model import Instrument

BUILTIN_DIR = Path(__file__).parent
BUILTIN_IDS = ("phq9", "gad7", "k10", "relationship-checkin")
# Rated by facilitators after a meeting; never given to participants as a check-in.
OBSERVATION_ID = "meeting-observation"


@lru_cache(maxsize=16)  # the built-in instruments; an unknown id raises, uncached
def builtin_instrument(instrument_id: str) -> Instrument:
    """The validated built-in instrument with this id (KeyError if unknown)."""
    if instrument_id not in (*BUILTIN_IDS, OBSERVATION_ID):
        raise KeyError(instrument_id)
    return load_instrument((BUILTIN_DIR / f"{instrument_id}.yaml").read_text(encoding="utf-8"))


def builtin_instruments() -> list[Instrument]:
    """Every built-in participant questionnaire, in a stable order."""
    return [builtin_instrument(i) for i in BUILTIN_IDS]


def observation_instrument() -> Instrument:
    """The facilitator-rated observation scale (``respondent: facilitator``)."""
    return builtin_instrument(OBSERVATION_ID)
