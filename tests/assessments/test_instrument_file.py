"""Instrument files: built-ins and imports parse, round-trip, and errors carry paths."""

from __future__ import annotations

import json
from typing import Any

import pytest

from groupapp.assessments.builtin import BUILTIN_IDS, builtin_instrument, builtin_instruments
from groupapp.assessments.instrument_file import (
    InstrumentFileError,
    instrument_to_dict,
    load_instrument,
    parse_instrument,
)
from tests.assessments.instrument_data import data_file, minimal, sfcs_shaped


def errors_of(data: Any) -> list[str]:
    """The error list parse_instrument reports for ``data``."""
    with pytest.raises(InstrumentFileError) as info:
        parse_instrument(data)
    return info.value.errors


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_builtin_round_trips_through_canonical_json(instrument_id: str) -> None:
    instrument = builtin_instrument(instrument_id)
    stored = json.loads(json.dumps(instrument_to_dict(instrument)))
    assert parse_instrument(stored) == instrument


def test_builtins_carry_the_facts_that_must_ship_with_them() -> None:
    phq9, gad7, k10, reflection = builtin_instruments()
    assert [len([i for i in x.items if i.scored]) for x in (phq9, gad7, k10)] == [9, 7, 10]
    assert phq9.fhir.questionnaire_code == "44249-1"
    assert phq9.fhir.total_code == "44261-6"
    assert gad7.fhir.questionnaire_code == "69737-5"
    assert gad7.fhir.total_code == "70274-6"
    assert phq9.item("q9").risk.at_least == 1
    assert phq9.item("q9").code == "44260-8"
    assert not phq9.item("difficulty").scored
    assert [o.code for o in phq9.options] == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
    assert k10.copyright == "© World Health Organization 2003"
    assert "Kessler" in k10.citation
    assert "1-5" in k10.scoring.convention
    assert not reflection.validated
    assert "not a validated scale" in reflection.notice
    assert reflection.scoring.bands == ()
    assert reflection.scoring.reliable_change is None
    assert {s.id for s in reflection.scoring.subscales} == {"codependent", "interdependent"}
    assert 10 <= len(reflection.items) <= 12


def test_sfcs_shaped_file_imports_with_its_two_reversed_items() -> None:
    sfcs = sfcs_shaped()
    assert len(sfcs.items) == 16
    assert [i.id for i in sfcs.items if i.reverse] == ["q5", "q13"]
    assert (sfcs.items[0].min_value, sfcs.items[0].max_value) == (1, 6)
    assert parse_instrument(instrument_to_dict(sfcs)) == sfcs


def test_json_text_is_accepted_as_well_as_yaml() -> None:
    instrument = load_instrument(data_file("valid.json"))
    assert instrument.scoring.total.method == "mean"
    assert instrument.scoring.total.multiplier == 10


def test_broken_file_reports_every_problem_with_its_path() -> None:
    with pytest.raises(InstrumentFileError) as info:
        load_instrument(data_file("broken_many.yaml"))
    assert info.value.errors == [
        "colour: unknown key",
        "id: expected a slug: lower-case letters, digits, - or _",
        'version: expected a string (put quotes round it, e.g. "1991")',
        "options[0].label: expected a string (yes, no, true and false need quotes round them)",
        "options[1].label: expected a string (yes, no, true and false need quotes round them)",
        "items[1].reverse: expected true or false",
        "items[1].id: duplicate id 'a'",
        "scoring.total.method: expected one of sum, mean",
        "scoring.higher_is: expected one of worse, better",
        "scoring.reliable_change.reliability: must be between 0 and 1 (exclusive)",
    ]


def test_broken_json_reports_paths() -> None:
    with pytest.raises(InstrumentFileError) as info:
        load_instrument(data_file("broken.json"))
    assert info.value.errors == ["options[1].value: expected a number"]


def test_unreadable_yaml_names_the_line() -> None:
    with pytest.raises(InstrumentFileError) as info:
        load_instrument(data_file("broken_syntax.yaml"))
    assert info.value.errors[0].startswith("(file): not valid YAML: line 3")


def test_values_yaml_cannot_build_are_reported_not_raised() -> None:
    with pytest.raises(InstrumentFileError, match="could not be read: day is out of range"):
        load_instrument("id: x\nversion: 2026-02-30\n")
    with pytest.raises(InstrumentFileError, match="nested more than 40 levels deep"):
        load_instrument("a: " + "[" * 5000 + "]" * 5000)
    with pytest.raises(InstrumentFileError, match="version: expected a string"):
        load_instrument(
            data_file("sfcs_shaped.yaml").replace('version: "1991"', "version: 1991-01-01")
        )


def test_oversized_and_non_utf8_files_are_refused() -> None:
    with pytest.raises(InstrumentFileError, match="larger than"):
        load_instrument(b"#" * (300 * 1024))
    with pytest.raises(InstrumentFileError, match="not UTF-8"):
        load_instrument(b"id: \xff\xfe")


def test_root_must_be_a_mapping() -> None:
    assert errors_of(["a list"]) == ["(root): expected a mapping of keys to values"]


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set a dotted/indexed path (e.g. items.1.reverse) in ``data``."""
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


NUMBER = "expected a number"
QUOTE = 'expected a string (put quotes round it, e.g. "1991")'
SUB_A = {"id": "s", "name": "S", "items": ["a"]}
CASES = [
    ("items.1.reverse", "yes please", "items[1].reverse: expected true or false"),
    ("items.0.scored", 1, "items[0].scored: expected true or false"),
    ("items.0.colour", "red", "items[0].colour: unknown key"),
    ("items.2.id", "a", "items[2].id: duplicate id 'a'"),
    ("items.2.id", "has space", "items[2].id: expected letters, digits, ., - or _"),
    ("items.0.text", "", "items[0].text: must not be empty"),
    ("items.0.options", [{"value": 1, "label": "x"}, {"value": 1, "label": "y"}],
     "items[0].options[1].value: duplicate value 1"),
    ("items.0.options", [{"value": "1", "label": "x"}], f"items[0].options[0].value: {NUMBER}"),
    ("items.0.options", [{"value": True, "label": "x"}], f"items[0].options[0].value: {NUMBER}"),
    ("items.0.risk", {"at_least": 3, "message": "m"},
     "items[0].risk.at_least: must lie within the item's option range 0-2"),
    ("items.0.risk", {"at_least": 1}, "items[0].risk.message: required"),
    ("items.0.code", 44260, f"items[0].code: {QUOTE}"),
    ("items", [], "items: expected at least 1 entry"),
    ("name", None, "name: expected a string"),
    ("validated", "no", "validated: expected true or false"),
    ("scoring.total.items", ["a", "zz"], "scoring.total.items[1]: no item with id 'zz'"),
    ("scoring.total.items", ["a", "a"], "scoring.total.items[1].id: duplicate id 'a'"),
    ("scoring.total.multiplier", 0, "scoring.total.multiplier: must be greater than 0"),
    ("scoring.total.method", "median", "scoring.total.method: expected one of sum, mean"),
    ("scoring.higher_is", "up", "scoring.higher_is: expected one of worse, better"),
    ("scoring.reliable_change", -2, "scoring.reliable_change: must be greater than 0"),
    ("scoring.reliable_change", {"sd": 5}, "scoring.reliable_change.reliability: required"),
    ("scoring.reliable_change", {"sd": 5, "reliability": 1},
     "scoring.reliable_change.reliability: must be between 0 and 1 (exclusive)"),
    ("scoring.reliable_change", {"sd": 0, "reliability": 0.8},
     "scoring.reliable_change.sd: must be greater than 0"),
    ("scoring.caseness", 9, "scoring.caseness: must lie within the possible score range 0-6"),
    ("scoring.bands", [{"min": 0, "max": 4, "label": "Low"}, {"min": 4, "max": 6, "label": "High"}],
     "scoring.bands[1].min: must be above the previous band's max 4 "
     "(bands run upwards and do not overlap)"),
    ("scoring.bands", [{"min": 0, "max": 7, "label": "All"}],
     "scoring.bands[0]: 0-7 lies outside the possible score range 0-6"),
    ("scoring.bands", [{"min": 3, "max": 1, "label": "Upside down"}],
     "scoring.bands[0]: min 3 is above max 1"),
    ("scoring.bands", [{"min": 0, "label": "No max"}], "scoring.bands[0].max: required"),
    ("scoring.subscales", [{"id": "s", "name": "S", "items": ["a", "q"]}],
     "scoring.subscales[0].items[1]: no item with id 'q'"),
    ("scoring.subscales", [SUB_A, {"id": "s", "name": "T", "items": ["b"]}],
     "scoring.subscales[1].id: duplicate id 's'"),
    ("scoring.subscales", [SUB_A | {"bands": [{"min": 0, "max": 5, "label": "x"}]}],
     "scoring.subscales[0].bands[0]: 0-5 lies outside the possible score range 0-2"),
    ("scoring.weights", 1, "scoring.weights: unknown key"),
    ("fhir", {"questionnaire_code": 44249}, f"fhir.questionnaire_code: {QUOTE}"),
    ("fhir", {"panel": "x"}, "fhir.panel: unknown key"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "expected"), CASES)
def test_each_validation_rule_reports_its_path(path: str, value: Any, expected: str) -> None:
    assert expected in errors_of(_set(minimal(), path, value))


def test_unscored_items_cannot_be_totalled() -> None:
    data = _set(minimal(), "items.0.scored", False)
    data["scoring"]["total"]["items"] = ["a", "b"]
    assert errors_of(data) == ["scoring.total.items[0]: item 'a' has scored: false"]


def test_items_need_options_from_somewhere() -> None:
    data = minimal()
    del data["options"]
    assert "items[0].options: required because the file has no default options" in errors_of(data)


def test_required_keys_are_reported() -> None:
    assert errors_of({"items": []}) == [
        "id: required",
        "name: required",
        "scoring: required",
        "version: required",
        "id: expected a slug: lower-case letters, digits, - or _",
        "items: expected at least 1 entry",
    ]


def test_a_reflection_may_not_make_clinical_claims() -> None:
    data = minimal(bands=[{"min": 0, "max": 6, "label": "Any"}], reliable_change=2, caseness=3)
    data["validated"] = False
    assert errors_of(data) == [
        f"scoring.{key}: not allowed when validated is false (no clinical claims)"
        for key in ("bands", "reliable_change", "caseness")
    ]


def test_mean_bands_are_checked_against_the_mean_range() -> None:
    data = minimal(
        bands=[{"min": 0, "max": 1, "label": "Low"}, {"min": 1.5, "max": 2.5, "label": "High"}]
    )
    data["scoring"]["total"]["method"] = "mean"
    assert errors_of(data) == [
        "scoring.bands[1]: 1.5-2.5 lies outside the possible score range 0-2"
    ]
