"""Helpers shared by the assessment tests: load test files and build small instruments."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from groupapp.assessments.instrument_file import load_instrument, parse_instrument
from groupapp.assessments.instrument_model import Instrument

DATA = Path(__file__).parent / "data"

MINIMAL: dict[str, Any] = {
    "id": "mini",
    "name": "Minimal example",
    "version": "1",
    "options": [{"value": 0, "label": "Never"}, {"value": 1, "label": "Sometimes"},
                {"value": 2, "label": "Often"}],
    "items": [{"id": "a", "text": "First"}, {"id": "b", "text": "Second"},
              {"id": "c", "text": "Third"}],
    "scoring": {"total": {"method": "sum", "items": "all"}},
}  # fmt: skip


def data_file(name: str) -> str:
    """Text of a file in tests/assessments/data."""
    return (DATA / name).read_text(encoding="utf-8")


def sfcs_shaped() -> Instrument:
    """The SFCS-shaped test instrument (placeholder item text)."""
    return load_instrument(data_file("sfcs_shaped.yaml"))


def minimal(**scoring: Any) -> dict[str, Any]:
    """A deep copy of MINIMAL with extra scoring keys."""
    data = copy.deepcopy(MINIMAL)
    data["scoring"].update(scoring)
    return data


def minimal_instrument(**scoring: Any) -> Instrument:
    """MINIMAL (plus scoring keys) parsed."""
    return parse_instrument(minimal(**scoring))
