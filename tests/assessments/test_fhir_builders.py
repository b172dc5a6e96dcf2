"""FHIR resources built from instruments validate against the R4-shaped models.

fhir.resources 8 ships R5 at the top level and the R4-compatible models under
``fhir.resources.R4B``; Questionnaire, QuestionnaireResponse and Observation have the
same R4 structure there, so that is the package used here.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from groupapp.assessments.builtin import BUILTIN_IDS, builtin_instrument
from groupapp.assessments.fhir import (
    ORDINAL_VALUE,
    build_questionnaire,
    build_questionnaire_response,
    build_score_observation,
)
from groupapp.assessments.instrument_model import Instrument
from groupapp.assessments.scoring import score
from tests.assessments.instrument_data import sfcs_shaped

BASE = "https://groups.example.org/fhir"
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def instruments() -> list[Instrument]:
    return [builtin_instrument(i) for i in BUILTIN_IDS] + [sfcs_shaped()]


@pytest.mark.parametrize("instrument", instruments(), ids=lambda i: i.id)
def test_questionnaire_validates_and_carries_weights(instrument: Instrument) -> None:
    resource = build_questionnaire(instrument, base_url=BASE, version="3")
    model = Questionnaire.model_validate(resource)
    assert model.version == "3"
    assert model.url == f"{BASE}/Questionnaire/{instrument.id}"
    questions = [i for i in resource["item"] if i["type"] == "choice"]
    assert [q["linkId"] for q in questions] == [i.id for i in instrument.items]
    first = questions[0]["answerOption"][0]["valueCoding"]
    assert first["extension"] == [
        {"url": ORDINAL_VALUE, "valueDecimal": instrument.items[0].min_value}
    ]


def test_phq9_questionnaire_uses_loinc() -> None:
    resource = build_questionnaire(builtin_instrument("phq9"), base_url=BASE)
    assert resource["code"] == [{"system": "http://loinc.org", "code": "44249-1"}]
    item9 = next(i for i in resource["item"] if i["linkId"] == "q9")
    assert item9["code"][0]["code"] == "44260-8"
    assert [o["valueCoding"]["code"] for o in item9["answerOption"]] == [
        "LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9",
    ]  # fmt: skip


@pytest.mark.parametrize("instrument", instruments(), ids=lambda i: i.id)
def test_response_and_observation_validate(instrument: Instrument) -> None:
    answers = {i.id: i.max_value for i in instrument.items}
    result = score(instrument, answers)
    response = build_questionnaire_response(
        instrument, base_url=BASE, response_id="r-17", subject_id="p-3f2a", authored=WHEN,
        answers=answers, version="2",
    )  # fmt: skip
    QuestionnaireResponse.model_validate(response)
    assert response["questionnaire"] == f"{BASE}/Questionnaire/{instrument.id}|2"
    assert response["status"] == "completed"
    assert len(response["item"]) == len(instrument.items)
    observation = build_score_observation(
        instrument, base_url=BASE, response_id="r-17", subject_id="p-3f2a", effective=WHEN,
        total=result.total, band=result.band, subscales={s.id: s.value for s in result.subscales},
    )  # fmt: skip
    model = Observation.model_validate(observation)
    assert model.status == "final"
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["valueQuantity"]["value"] == result.total
    assert observation["derivedFrom"] == [{"reference": "QuestionnaireResponse/r-17"}]
    assert len(observation.get("component", [])) == len(instrument.scoring.subscales)


def test_observation_codes_and_interpretation() -> None:
    gad7 = builtin_instrument("gad7")
    observation = build_score_observation(
        gad7, base_url=BASE, response_id="r-1", subject_id="p-1", effective=WHEN, total=11,
        band="Moderate",
    )  # fmt: skip
    assert observation["code"]["coding"][0] == {
        "system": "http://loinc.org", "code": "70274-6", "display": "GAD-7 total score",
    }  # fmt: skip
    assert observation["interpretation"] == [{"text": "Moderate"}]
    sfcs = build_score_observation(
        sfcs_shaped(), base_url=BASE, response_id="r-2", subject_id="p-1", effective=WHEN,
        total=52, band=None,
    )  # fmt: skip
    assert sfcs["code"]["coding"][0]["system"] == f"{BASE}/Questionnaire/sfcs/scores"
    assert "interpretation" not in sfcs


def test_an_invalid_shape_is_caught_by_the_validator() -> None:
    """Guard that validation is real: an R5-only field (weight on answerOption) fails in R4."""
    resource = build_questionnaire(builtin_instrument("gad7"), base_url=BASE)
    resource["item"][1]["answerOption"][0]["weight"] = 0
    with pytest.raises(ValueError, match="weight"):
        Questionnaire.model_validate(resource)


def _translations(element: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """``{lang: content}`` of an element's FHIR translation extensions."""
    found = {}
    for extension in element.get("extension", []):
        assert extension["url"] == "http://hl7.org/fhir/StructureDefinition/translation"
        parts = {part["url"]: part for part in extension["extension"]}
        assert set(parts) == {"lang", "content"}
        found[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return found


def test_questionnaire_carries_the_files_spanish_as_translation_extensions() -> None:
    resource = build_questionnaire(builtin_instrument("phq9"), base_url=BASE)
    Questionnaire.model_validate(resource)
    assert resource["language"] == "en"
    assert _translations(resource["_title"])["es"].startswith("Cuestionario sobre la salud")
    instructions, q1 = resource["item"][0], resource["item"][1]
    assert instructions["type"] == "display"
    assert _translations(instructions["_text"])["es"].startswith("Durante las últimas 2 semanas")
    assert q1["text"] == "Little interest or pleasure in doing things"
    assert _translations(q1["_text"]) == {"es": "Poco interés o placer en hacer cosas"}
    q9 = next(i for i in resource["item"] if i["linkId"] == "q9")
    assert _translations(q9["code"][0]["_display"]) == _translations(q9["_text"])
    assert _translations(q9["_text"])["es"].startswith("Pensamientos de que")
    displays = [
        (o["valueCoding"]["display"], _translations(o["valueCoding"]["_display"]))
        for o in q1["answerOption"]
    ]
    assert displays == [
        ("Not at all", {"es": "Ningún día"}),
        ("Several days", {"es": "Varios días"}),
        ("More than half the days", {"es": "Más de la mitad de los días"}),
        ("Nearly every day", {"es": "Casi todos los días"}),
    ]


def test_questionnaire_without_translations_has_no_translation_extensions() -> None:
    resource = build_questionnaire(sfcs_shaped(), base_url=BASE)
    assert "_title" not in resource
    assert not any("_text" in item for item in resource["item"])
    codings = [o["valueCoding"] for item in resource["item"] for o in item.get("answerOption", [])]
    assert not any("_display" in coding for coding in codings)
