"""Request bodies: JSON declared as JSON, read once within bounds; anything else is a
problem that says what is wrong (never a 500, never silently ignored)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.core.safe_data import MAX_DEPTH
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _post_meeting(world, api_as, **kwargs):  # type: ignore[no-untyped-def]
    return api_as(world.facilitator).post(f"/cohorts/{world.cohort.id}/meetings", **kwargs)


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["errors"]
    return body  # type: ignore[no-any-return]


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deep_nesting_is_a_400_naming_the_limit(world, api_as, opening):
    body = _problem(
        _post_meeting(world, api_as, data=opening * 5000, content_type="application/json"), 400
    )
    assert body["detail"] == f"The request body is nested more than {MAX_DEPTH} levels deep."


def test_deep_nesting_on_the_public_sign_in_is_a_400_too(client):
    response = client.post("/api/v1/auth/tokens", data="[" * 5000, content_type="application/json")
    assert _problem(response, 400)["detail"].endswith(f"nested more than {MAX_DEPTH} levels deep.")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_json_body_sent_as_another_type_is_a_415(world, api_as, content_type):
    payload = json.dumps({"local_start": "2027-01-05T18:00", "topic": "Plain"})
    body = _problem(_post_meeting(world, api_as, data=payload, content_type=content_type), 415)
    assert "application/json" in body["detail"]
    assert body["errors"][0]["field"] == "Content-Type"


def test_invalid_utf8_and_invalid_json_are_named(world, api_as):
    utf8 = _problem(
        _post_meeting(world, api_as, data=b'{"topic": "\xff"}', content_type="application/json"),
        400,
    )
    assert utf8["detail"] == "The request body is not valid UTF-8: byte 0xff at position 11."
    broken = _problem(
        _post_meeting(world, api_as, data='{"topic": ', content_type="application/json"), 400
    )
    assert broken["detail"].startswith("The request body is not valid JSON: line 1:")


def test_an_empty_body_is_a_list_of_missing_fields(world, api_as):
    body = _problem(_post_meeting(world, api_as, data="", content_type="application/json"), 422)
    assert {e["field"] for e in body["errors"]} == {"local_start", "topic"}


def test_the_instrument_upload_still_takes_yaml(world, api_as):
    response = api_as(world.admin).post(
        "/instruments", data="id: [unclosed", content_type="application/yaml"
    )
    assert response.status_code == 422  # read as a file, its problems listed


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    payload=st.binary(max_size=300)
    | st.text(alphabet='[]{}",:0123456789.eE+-tfnrul \\', max_size=300).map(str.encode),
    content_type=st.sampled_from(["application/json", "text/plain", "application/json; x=1"]),
)
def test_no_body_is_a_server_error(world, api_as, payload, content_type):
    response = _post_meeting(world, api_as, data=payload, content_type=content_type)
    assert response.status_code in (201, 400, 415, 422), response.get_data(as_text=True)
    assert response.content_type in ("application/json", "application/problem+json")


def test_a_number_too_long_to_read_is_named(world, api_as):
    payload = '{"local_start": "2027-01-05T18:00", "topic": "x", "duration_minutes": ' + "9" * 5000
    body = _problem(
        _post_meeting(world, api_as, data=payload + "}", content_type="application/json"), 400
    )
    assert body["detail"].startswith("The request body could not be read: ")


@pytest.mark.parametrize(
    "payload",
    [
        '{"local_start": "2027-01-05T18:00", "topic": "a\\ud800b"}',
        '{"local_start": "2027-01-05T18:00", "topic": "x", "\\udfff": 1}',
    ],
)
def test_half_a_surrogate_pair_is_named_not_a_server_error(world, api_as, payload):
    body = _problem(
        _post_meeting(world, api_as, data=payload, content_type="application/json"), 400
    )
    assert body["detail"].startswith("The request body holds \\ud")
    assert "surrogate pair" in body["detail"]


def test_a_key_given_twice_is_a_400_not_the_last_one_silently(world, api_as):
    payload = '{"local_start": "2027-01-05T18:00", "topic": "Kept?", "topic": "Or this?"}'
    body = _problem(
        _post_meeting(world, api_as, data=payload, content_type="application/json"), 400
    )
    assert body["detail"] == 'The request body holds the key "topic" twice in one object.'


@pytest.mark.parametrize(
    ("query", "payload", "where"),
    [
        ("", '{"local_start": "2027-01-05T18:00", "topic": "a\\u0000b"}', ("json", "topic")),
        ("?note=a%00b", '{"local_start": "2027-01-05T18:00", "topic": "x"}', ("query", "note")),
    ],
)
def test_a_nul_character_is_a_400_naming_where_it_was(world, api_as, query, payload, where):
    path = f"/cohorts/{world.cohort.id}/meetings{query}"
    response = api_as(world.facilitator).post(path, data=payload, content_type="application/json")
    body = _problem(response, 400)
    assert [(e["location"], e["field"]) for e in body["errors"]] == [where]
    assert body["detail"] == "Text may not contain NUL characters."
