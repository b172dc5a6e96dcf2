"""Contracts an integrator relies on: impossible ids are 404 for every method, signing out
leaves no body, and a participant who has not accepted the privacy notice is told where."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from werkzeug.exceptions import Forbidden, HTTPException, MethodNotAllowed, NotFound

from groupapp.api.auth import CHALLENGE
from groupapp.core.problems import PLAIN_DETAILS
from groupapp.db import db, utcnow
from groupapp.privacy.services import publish_notice
from tests.support.factories import Factories
from tests.trust.world import build_world

IMPOSSIBLE_IDS = ("99999999999999999999", "-1", "0", "2147483648")


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _id_routes(app: Flask) -> list[tuple[str, str]]:
    """(method, path template) of every API route with an id in its path."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or "<int" not in rule.rule:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule))
    return found


def _fill(template: str, value: str) -> str:
    parts = template.split("<")
    return parts[0] + "".join(
        (value if part.startswith("int") else "text") + part.split(">", 1)[1] for part in parts[1:]
    )


def test_an_impossible_id_is_a_404_problem_for_every_method_and_route(app, world, api_as):
    api = api_as(world.facilitator)
    routes = _id_routes(app)
    assert len({method for method, _ in routes}) >= 4  # GET, POST, PUT, PATCH at least
    for method, template in routes:
        for value in IMPOSSIBLE_IDS:
            response = api(method, _fill(template, value).removeprefix("/api/v1"), json={})
            assert response.status_code == 404, (method, template, value)
            assert response.content_type == "application/problem+json"


def test_a_method_an_address_lacks_is_still_a_405(world, api_as):
    assert api_as(world.facilitator).delete("/me").status_code == 405


def test_signing_out_answers_204_without_a_body_or_a_type(world, api_as):
    response = api_as(world.owner).delete("/auth/tokens/current")
    assert response.status_code == 204
    assert response.get_data() == b""
    assert "Content-Type" not in response.headers


def _unaccepted_participant(factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    participant = factories.user("participant", org=org)
    publish_notice(factories.user("admin", org=org), "What we keep and why.")
    db.session.commit()
    return participant


def test_no_token_before_the_privacy_notice_is_accepted(client, factories):
    participant = _unaccepted_participant(factories)
    response = client.post(
        "/api/v1/auth/tokens",
        json={"email": participant.email, "password": Factories.PASSWORD},
    )
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"
    detail = response.get_json()["detail"]
    for words in ("privacy notice", "/privacy/notice", "browser"):
        assert words in detail
    assert "token" not in response.get_json()


def test_a_token_from_before_a_new_notice_is_told_where_and_can_be_revoked(factories, api_as):
    org = factories.org()
    participant = factories.user("participant", org=org)
    api = api_as(participant)  # a token issued before the notice existed
    publish_notice(factories.user("admin", org=org), "A new notice.")
    db.session.commit()
    refused = api.get("/me")
    assert refused.status_code == 403
    assert "/privacy/notice" in refused.get_json()["detail"]
    assert api.delete("/auth/tokens/current").status_code == 204
    after = api.get("/me")
    assert after.status_code == 401
    assert after.headers["WWW-Authenticate"] == CHALLENGE["WWW-Authenticate"]


def test_a_cancelled_meeting_is_only_moved_when_reinstated(world, api_as, client, login):
    api = api_as(world.facilitator)
    day = (utcnow() + timedelta(days=20)).date()
    meeting = api.post(
        f"/cohorts/{world.cohort.id}/meetings",
        json={"local_start": f"{day}T18:00", "topic": "Boundaries"},
    ).get_json()
    path = f"/meetings/{meeting['id']}"
    cancelled = api.patch(path, json={"status": "cancelled", "reason": "Room flooded"})
    assert cancelled.get_json()["status"] == "cancelled"
    moved = api.patch(path, json={"local_start": f"{day}T19:00"})
    assert moved.status_code == 422
    assert [e["field"] for e in moved.get_json()["errors"]] == ["status"]
    assert api.get(path).get_json()["status"] == "cancelled"
    back = api.patch(path, json={"status": "scheduled", "local_start": f"{day}T19:00"})
    assert back.status_code == 200, back.get_json()
    assert back.get_json()["status"] == "scheduled"
    assert back.get_json()["local_start"] == f"{day}T19:00"
    # The page says what it does to a cancelled meeting before it does it.
    api.patch(path, json={"status": "cancelled", "reason": "Flooded again"})
    login(world.facilitator)
    page = client.get(f"/meetings/{meeting['id']}/reschedule").get_data(as_text=True)
    assert "Reinstate this cancelled meeting" in page


def test_every_problem_of_a_request_is_listed_at_once(world, api_as):
    api = api_as(world.facilitator)
    day = (utcnow() + timedelta(days=20)).date()
    meeting = api.post(
        f"/cohorts/{world.cohort.id}/meetings",
        json={"local_start": f"{day}T18:00", "topic": "Boundaries"},
    ).get_json()
    response = api.patch(
        f"/meetings/{meeting['id']}",
        json={"status": "cancelled", "reason": " ", "duration_minutes": 5},
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == {"reason", "duration_minutes"}


def test_a_service_refusal_names_its_field(world, api_as):
    api = api_as(world.facilitator)
    day = (utcnow() + timedelta(days=20)).date()
    meeting = api.post(
        f"/cohorts/{world.cohort.id}/meetings",
        json={"local_start": f"{day}T18:00", "topic": "Boundaries"},
    ).get_json()
    past = api.patch(f"/meetings/{meeting['id']}", json={"local_start": "2001-01-01T18:00"})
    assert past.status_code == 422
    errors = past.get_json()["errors"]
    assert [e["field"] for e in errors] == ["local_start"]
    assert errors[0]["detail"] == past.get_json()["detail"]


def test_a_404_names_the_id_in_the_path(world, api_as):
    response = api_as(world.other_org_participant).get(f"/cohorts/{world.cohort.id}")
    assert response.status_code == 404
    assert response.get_json()["errors"] == [
        {"location": "path", "field": "cohort_id", "detail": response.get_json()["detail"]}
    ]


def test_refusals_without_a_reason_of_their_own_speak_of_the_api_not_of_browsers(world, api_as):
    hidden = api_as(world.other_org_participant).get(f"/cohorts/{world.cohort.id}")
    assert hidden.get_json()["detail"] == PLAIN_DETAILS[404]
    wrong_method = api_as(world.facilitator).delete("/me")
    assert wrong_method.get_json()["detail"] == PLAIN_DETAILS[405]
    stock = {HTTPException.description} | {
        cls.description for cls in (NotFound, Forbidden, MethodNotAllowed)
    }
    for response in (hidden, wrong_method):
        assert response.get_json()["detail"] not in stock


def test_a_support_person_address_refused_is_named_as_email(world, api_as):
    api = api_as(world.same_cohort_participant)
    own = api.post("/me/support-person", json={"email": world.same_cohort_participant.email})
    assert own.status_code == 422
    assert [e["field"] for e in own.get_json()["errors"]] == ["email"]
