"""Build FHIR R4 resources (as plain dicts) from instruments and scored responses.

Pure functions: the export view gathers rows and calls these. Shapes follow FHIR R4
(Questionnaire, QuestionnaireResponse, Observation); tests validate them with
``fhir.resources.R4B``, whose models for these three resources match R4.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from groupapp.assessments.instrument_language import in_language
from groupapp.assessments.instrument_model import Instrument, Number, Option

LOINC = "http://loinc.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
_NOT_ID = re.compile(r"[^A-Za-z0-9.-]")


def fhir_id(*parts: str) -> str:
    """A valid FHIR resource id (letters, digits, - and ., at most 64) from ``parts``."""
    return _NOT_ID.sub("-", "-".join(parts))[:64]


def questionnaire_url(instrument: Instrument, base_url: str) -> str:
    """The Questionnaire's canonical URL (without version)."""
    return f"{base_url.rstrip('/')}/Questionnaire/{fhir_id(instrument.id)}"


def _number(value: Number | float) -> Number:
    return int(value) if float(value).is_integer() else float(value)


def _coding(instrument: Instrument, base_url: str, option: Option) -> dict[str, Any]:
    if option.code:
        return {"system": LOINC, "code": option.code, "display": option.label}
    system = f"{questionnaire_url(instrument, base_url)}/answers"
    return {"system": system, "code": str(_number(option.value)), "display": option.label}


def _translations(own: str, words: Mapping[str, str | None]) -> dict[str, Any] | None:
    """The primitive extension element (``_text``, ``_display``) carrying ``words``
    (language code -> text) as FHIR translation extensions; None when none differs."""
    shown = [(lang, text) for lang, text in words.items() if text and text != own]
    if not shown:
        return None
    return {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": lang},
                    {"url": "content", "valueString": text},
                ],
            }
            for lang, text in shown
        ]
    }


def _put_text(
    element: dict[str, Any], name: str, own: str, words: Mapping[str, str | None]
) -> None:
    """Set ``element[name]`` to ``own`` and its ``_name`` to the other languages' words."""
    element[name] = own
    extension = _translations(own, words)
    if extension is not None:
        element[f"_{name}"] = extension


def _question(
    instrument: Instrument, base_url: str, index: int, others: list[Instrument]
) -> dict[str, Any]:
    item = instrument.items[index]
    texts = {other.language: other.items[index].text for other in others}
    options = []
    for number, option in enumerate(item.options):
        coding = _coding(instrument, base_url, option)
        labels = {other.language: other.items[index].options[number].label for other in others}
        _put_text(coding, "display", option.label, labels)
        coding["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": _number(option.value)}]
        options.append({"valueCoding": coding})
    question: dict[str, Any] = {"linkId": item.id, "type": "choice"}
    _put_text(question, "text", item.text, texts)
    question["required"] = item.required
    question["answerOption"] = options
    if item.code:
        code: dict[str, Any] = {"system": LOINC, "code": item.code}
        _put_text(code, "display", item.text, texts)
        question["code"] = [code]
    return question


def build_questionnaire(
    instrument: Instrument, *, base_url: str, version: str | None = None
) -> dict[str, Any]:
    """A Questionnaire for one instrument version; option weights in ordinalValue.

    Every language the file ships besides its own rides on the ``text``, ``display`` and
    ``title`` elements as FHIR translation extensions (``lang`` and ``content``).
    """
    others = [in_language(instrument, t.language) for t in instrument.translations]
    items: list[dict[str, Any]] = []
    if instrument.instructions:
        display: dict[str, Any] = {"linkId": "instructions", "type": "display"}
        words = {other.language: other.instructions for other in others}
        _put_text(display, "text", instrument.instructions, words)
        items.append(display)
    items.extend(
        _question(instrument, base_url, index, others) for index in range(len(instrument.items))
    )
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": fhir_id(instrument.id, version or instrument.version),
        "language": instrument.language,
        "url": questionnaire_url(instrument, base_url),
        "version": version or instrument.version,
        "name": re.sub(r"[^A-Za-z0-9]", "", instrument.display_name.title()) or "Instrument",
    }
    _put_text(resource, "title", instrument.name, {o.language: o.name for o in others})
    resource.update(status="active", subjectType=["Patient"], item=items)
    notice = " ".join(filter(None, [instrument.copyright, instrument.license]))
    if notice:
        resource["copyright"] = notice
    if instrument.fhir and instrument.fhir.questionnaire_code:
        resource["code"] = [{"system": LOINC, "code": instrument.fhir.questionnaire_code}]
    return resource


def build_questionnaire_response(
    instrument: Instrument,
    *,
    base_url: str,
    response_id: str,
    subject_id: str,
    authored: datetime,
    answers: Mapping[str, Number],
    version: str | None = None,
    language: str = "en",
) -> dict[str, Any]:
    """A completed QuestionnaireResponse pointing at the versioned Questionnaire.

    ``language`` (a BCP 47 code such as ``es``) is the language the questions were asked
    in: the resource's ``language``, and the item texts are the words shown. Answer
    codings keep the Questionnaire's own displays, so they match its answerOptions.
    """
    asked = in_language(instrument, language)
    items = []
    for item, shown in zip(instrument.items, asked.items, strict=True):
        option = item.option_for(answers[item.id]) if item.id in answers else None
        if option is not None:
            answer = {"valueCoding": _coding(instrument, base_url, option)}
            items.append({"linkId": item.id, "text": shown.text, "answer": [answer]})
    canonical = f"{questionnaire_url(instrument, base_url)}|{version or instrument.version}"
    return {
        "resourceType": "QuestionnaireResponse",
        "id": fhir_id(response_id),
        "language": language,
        "questionnaire": canonical,
        "status": "completed",
        "subject": {"reference": f"Patient/{fhir_id(subject_id)}"},
        "authored": authored.isoformat(),
        "item": items,
    }


def _score_code(instrument: Instrument, base_url: str, code: str, display: str) -> dict[str, Any]:
    system = f"{questionnaire_url(instrument, base_url)}/scores"
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _quantity(value: float) -> dict[str, Any]:
    return {"value": _number(value), "system": UCUM, "code": "{score}", "unit": "{score}"}


def build_score_observation(
    instrument: Instrument,
    *,
    base_url: str,
    response_id: str,
    subject_id: str,
    effective: datetime,
    total: float,
    band: str | None,
    subscales: Mapping[str, float | None] | None = None,
) -> dict[str, Any]:
    """An Observation of the total score, derived from its QuestionnaireResponse."""
    title = f"{instrument.display_name} total score"
    code: dict[str, Any]
    if instrument.fhir and instrument.fhir.total_code:
        code = {
            "coding": [{"system": LOINC, "code": instrument.fhir.total_code, "display": title}],
            "text": title,
        }
    else:
        code = _score_code(instrument, base_url, "total", title)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": fhir_id(response_id, "total"),
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": code,
        "subject": {"reference": f"Patient/{fhir_id(subject_id)}"},
        "effectiveDateTime": effective.isoformat(),
        "valueQuantity": _quantity(total),
        "derivedFrom": [{"reference": f"QuestionnaireResponse/{fhir_id(response_id)}"}],
    }
    if band:
        resource["interpretation"] = [{"text": band}]
    names = {s.id: s.name for s in instrument.scoring.subscales}
    components = [
        {
            "code": _score_code(instrument, base_url, sub_id, names.get(sub_id, sub_id)),
            "valueQuantity": _quantity(value),
        }
        for sub_id, value in (subscales or {}).items()
        if value is not None
    ]
    if components:
        resource["component"] = components
    return resource
