"""Any instrument file, however broken, is either valid or a list of problems with paths."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from groupapp.assessments.builtin import BUILTIN_DIR, BUILTIN_IDS
from groupapp.assessments.instrument_file import (
    InstrumentFileError,
    load_instrument,
    parse_instrument,
)
from groupapp.assessments.instrument_model import Instrument
from groupapp.core.safe_data import load_data, load_yaml
from tests.assessments.instrument_data import DATA, minimal
from tests.support.mutations import assert_problem_list, mutated

VALID = [
    *(
        load_yaml((BUILTIN_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        for name in BUILTIN_IDS
    ),
    load_data((DATA / "sfcs_shaped.yaml").read_text(encoding="utf-8")),
    load_data((DATA / "valid.json").read_text(encoding="utf-8")),
    load_data((DATA / "broken_many.yaml").read_text(encoding="utf-8")),
    minimal(),
]


def _outcome(parse: Any, value: Any) -> None:
    try:
        assert isinstance(parse(value), Instrument)
    except InstrumentFileError as exc:
        assert_problem_list(exc.errors)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(VALID))
def test_a_mutated_instrument_is_valid_or_a_problem_list(document):
    _outcome(parse_instrument, document)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(VALID))
def test_a_mutated_instrument_file_reads_the_same_way_as_text(document):
    try:
        text = yaml.safe_dump(document, allow_unicode=True)
    except yaml.YAMLError:
        return  # a value YAML cannot write (not something a person could upload)
    _outcome(load_instrument, text)


def test_an_alias_bomb_instrument_file_is_one_problem():
    from tests.core.test_safe_data import alias_bomb

    with pytest.raises(InstrumentFileError) as info:
        load_instrument(alias_bomb())
    assert info.value.errors == [
        "(file): line 5: stands for more than 20,000 values once its aliases are expanded"
    ]
