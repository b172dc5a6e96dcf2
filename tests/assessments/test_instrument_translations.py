"""Translations in instrument files: complete or refused with every missing path named."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groupapp.assessments.builtin import BUILTIN_DIR, builtin_instrument
from groupapp.assessments.instrument_file import (
    InstrumentFileError,
    instrument_to_dict,
    load_instrument,
    parse_instrument,
)
from groupapp.assessments.instrument_language import answer_language, band_label, in_language
from groupapp.assessments.scoring import score
from groupapp.core.safe_data import load_yaml
from tests.assessments.instrument_data import minimal

SPANISH: dict[str, Any] = {
    "source": "Translated by the test suite",
    "name": "Ejemplo mínimo",
    "options": {0: "Nunca", 1: "A veces", 2: "A menudo"},
    "items": {"a": {"text": "Primera"}, "b": {"text": "Segunda"}, "c": {"text": "Tercera"}},
}


def translated(**changes: Any) -> dict[str, Any]:
    """The minimal instrument with a Spanish translation (``changes`` replace its keys)."""
    data = minimal()
    spanish = copy.deepcopy(SPANISH)
    spanish.update(changes)
    data["translations"] = {"es": spanish}
    return data


def errors_of(data: Any) -> list[str]:
    with pytest.raises(InstrumentFileError) as info:
        parse_instrument(data)
    return info.value.errors


def test_a_complete_translation_changes_the_words_and_nothing_else() -> None:
    instrument = parse_instrument(translated())
    assert instrument.languages == ("en", "es")
    spanish = in_language(instrument, "es")
    assert spanish.language == "es"
    assert [i.text for i in spanish.items] == ["Primera", "Segunda", "Tercera"]
    assert [o.label for o in spanish.items[0].options] == ["Nunca", "A veces", "A menudo"]
    assert [o.value for o in spanish.options] == [o.value for o in instrument.options]
    assert spanish.translations == ()
    answers = {"a": 2, "b": 1, "c": 0}
    assert score(spanish, answers) == score(instrument, answers)
    assert in_language(instrument, "fr") is instrument


def test_option_values_may_be_written_as_json_strings() -> None:
    data = translated(options={"0": "Nunca", "1": "A veces", "2.0": "A menudo"})
    stored = json.loads(json.dumps(data))
    assert parse_instrument(stored) == parse_instrument(translated())


def test_a_translation_round_trips_through_the_stored_form() -> None:
    instrument = parse_instrument(translated())
    stored = json.loads(json.dumps(instrument_to_dict(instrument)))
    assert parse_instrument(stored) == instrument


def test_every_missing_word_is_named_by_its_path() -> None:
    data = translated(items={"a": {"text": "Primera"}}, options={0: "Nunca"})
    del data["translations"]["es"]["source"]
    assert sorted(errors_of(data)) == [
        "translations.es.items.b.text: required",
        "translations.es.items.c.text: required",
        "translations.es.options.1: required ('Sometimes')",
        "translations.es.options.2: required ('Often')",
        "translations.es.source: required",
    ]


def test_words_for_things_the_file_does_not_have_are_refused() -> None:
    data = translated(
        items={**SPANISH["items"], "z": {"text": "?"}},
        options={**SPANISH["options"], 7: "Siempre", "x": "No"},
        instructions="Conteste todo.",
        bands=["Baja"],
    )
    data["translations"]["en"] = copy.deepcopy(SPANISH)
    data["translations"]["Spanish"] = copy.deepcopy(SPANISH)
    assert sorted(errors_of(data)) == [
        "translations.Spanish: expected a language code of 2 or 3 lower-case letters, e.g. es",
        "translations.en: the file's own text is already in en",
        "translations.es.bands: the file has no bands to translate",
        "translations.es.instructions: the file has no instructions to translate",
        "translations.es.items.z: no item has this id",
        "translations.es.options.7: no option has this value",
        "translations.es.options.x: no option has this value",
    ]


def test_bands_risk_messages_and_own_options_must_be_translated_too() -> None:
    data = translated()
    data["items"][2]["risk"] = {"at_least": 1, "message": "Please reach out."}
    data["items"][1]["options"] = [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}]
    data["scoring"]["bands"] = [
        {"min": 0, "max": 2, "label": "Low"},
        {"min": 3, "max": 4, "label": "High"},
    ]
    data["translations"]["es"]["bands"] = ["Baja"]
    assert sorted(errors_of(data)) == [
        "translations.es.bands[1]: required (the band 3-4, 'High')",
        "translations.es.items.b.options: required",
        "translations.es.items.c.risk: required",
    ]
    spanish = data["translations"]["es"]
    spanish["bands"] = ["Baja", "Alta"]
    spanish["items"]["b"]["options"] = {0: "No", 1: "Sí"}
    spanish["items"]["c"]["risk"] = {"message": "Busque ayuda."}
    instrument = in_language(parse_instrument(data), "es")
    assert instrument.item("c").risk.message == "Busque ayuda."
    assert [o.label for o in instrument.item("b").options] == ["No", "Sí"]
    assert band_label(instrument, 4) == "Alta"


def test_translations_wait_until_the_rest_of_the_file_is_valid() -> None:
    data = translated(items={})
    data["version"] = 3
    assert errors_of(data) == ['version: expected a string (put quotes round it, e.g. "1991")']


def test_the_answer_language_is_the_persons_when_the_instrument_has_it() -> None:
    phq9, k10 = builtin_instrument("phq9"), builtin_instrument("k10")
    assert answer_language(phq9, "es") == "es"
    assert answer_language(k10, "es") == "en"
    assert answer_language(phq9, None) == "en"
    assert answer_language(phq9, "fr") == "en"


def test_built_in_spanish_ships_only_where_its_use_is_free() -> None:
    phq9, gad7 = builtin_instrument("phq9"), builtin_instrument("gad7")
    for instrument in (phq9, gad7):
        (spanish,) = instrument.translations
        assert spanish.source.startswith("PHQ Screeners, Pfizer Inc., Spanish for the USA")
    assert builtin_instrument("k10").translations == ()
    assert "Spanish" in (BUILTIN_DIR / "k10.yaml").read_text(encoding="utf-8").split("\nid:")[0]
    reflection = builtin_instrument("relationship-checkin")
    assert "groupapp project" in reflection.translations[0].source
    es = in_language(phq9, "es")
    assert es.item("q1").text == "Poco interés o placer en hacer cosas"
    assert es.options[0].label == "Ningún día"
    assert es.item("q9").risk.message.startswith("Nos dijo")
    assert band_label(es, 12) == "Moderada"
    assert in_language(reflection, "es").scoring.subscales[1].name == "Patrones de interdependencia"


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every string in a translation (mapping keys and list positions)."""
    if isinstance(value, dict):
        return [p for key, v in value.items() for p in _leaves(v, (*path, key))]
    if isinstance(value, list):
        return [p for index, v in enumerate(value) for p in _leaves(v, (*path, index))]
    return [path]


def _written(path: tuple[Any, ...]) -> str:
    """A leaf path as the problem list writes it."""
    out = "translations.es"
    for key in path:  # only bands are a list; option values are mapping keys
        out += f"[{key}]" if path[0] == "bands" and isinstance(key, int) else f".{key}"
    return out


PHQ9_FILE = load_yaml((BUILTIN_DIR / "phq9.yaml").read_text(encoding="utf-8"))
PHQ9_LEAVES = _leaves(PHQ9_FILE["translations"]["es"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PHQ9_LEAVES), min_size=1, max_size=5, unique=True))
def test_dropping_any_translated_words_names_each_dropped_path(dropped) -> None:
    data = copy.deepcopy(PHQ9_FILE)
    # Drop list entries from the end, so earlier positions stay where they were.
    for path in sorted(dropped, key=lambda p: p[-1] if p[0] == "bands" else -1, reverse=True):
        parent = data["translations"]["es"]
        for key in path[:-1]:
            parent = parent[key]
        del parent[path[-1]]
    errors = errors_of(data)
    remaining_bands = len(data["translations"]["es"]["bands"])
    for path in dropped:
        if path[0] == "bands":  # positions close up: the missing ones are the last
            path = ("bands", remaining_bands)
        assert any(e.startswith(f"{_written(path)}: required") for e in errors), (path, errors)
    assert all(e.startswith("translations.es.") for e in errors)


def test_a_translated_file_loads_from_yaml_text() -> None:
    text = (BUILTIN_DIR / "gad7.yaml").read_text(encoding="utf-8")
    assert load_instrument(text).languages == ("en", "es")
