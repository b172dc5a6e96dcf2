"""The language a check-in is answered in, through the API and in its FHIR export."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from groupapp.assessments.models import AssessmentResponse
from groupapp.db import db
from tests.api.test_scores import ZEROS, _checkin, _errors
from tests.assessments.access_table import _response
from tests.assessments.instrument_data import MINIMAL
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def test_an_api_answer_records_the_language_it_names(world, api_as):
    checkin_id = _checkin(world)
    api = api_as(world.owner)
    wrong = api.post(f"/checkins/{checkin_id}/response", json={"answers": ZEROS, "language": "fr"})
    assert wrong.status_code == 422
    assert _errors(wrong) == {"language": "This questionnaire can be answered in en, es only."}
    assert db.session.query(AssessmentResponse).count() == 0

    done = api.post(f"/checkins/{checkin_id}/response", json={"answers": ZEROS, "language": "es"})
    assert done.status_code == 201, done.get_json()
    assert done.get_json()["language"] == "es"
    response_id = done.get_json()["response_id"]
    assert db.session.get(AssessmentResponse, response_id).language == "es"
    assert api_as(world.facilitator).get(f"/responses/{response_id}").get_json()["language"] == "es"


def test_without_a_language_the_answer_is_in_english_for_an_english_reader(world, api_as):
    checkin_id = _checkin(world)
    done = api_as(world.owner).post(f"/checkins/{checkin_id}/response", json={"answers": ZEROS})
    assert done.get_json()["language"] == "en"


def test_the_fhir_response_carries_the_language_and_the_words_asked(world, api_as):
    response = _response(world)
    response.language = "es"
    db.session.commit()
    bundle = api_as(world.facilitator).get(f"/responses/{response.id}/fhir").get_json()
    resource = bundle["entry"][0]["resource"]
    QuestionnaireResponse.model_validate(resource)
    assert resource["language"] == "es"
    first = resource["item"][0]
    assert first["text"] == "Poco interés o placer en hacer cosas"
    # Codes keep the Questionnaire's own displays, so they match its answer options.
    assert first["answer"][0]["valueCoding"]["system"] == "http://loinc.org"


def test_questionnaires_list_their_languages(world, api_as):
    body = api_as(world.facilitator).get("/instruments?per_page=100").get_json()
    languages = {item["slug"]: item["languages"] for item in body["items"]}
    assert languages["phq9"] == ["en", "es"]
    assert languages["k10"] == ["en"]


def test_an_uploaded_file_with_a_partial_translation_lists_every_missing_path(world, api_as):
    spanish = {
        "source": "Our own",
        "name": "Mínimo",
        "options": {"0": "Nunca", "1": "A veces"},
        "items": {"a": {"text": "Primera"}},
    }
    reply = api_as(world.admin).post(
        "/instruments", json={**MINIMAL, "translations": {"es": spanish}}
    )
    assert reply.status_code == 422
    assert _errors(reply) == {
        "translations.es.options.2": "required ('Often')",
        "translations.es.items.b.text": "required",
        "translations.es.items.c.text": "required",
    }
