"""API: an announcement's Spanish version is sent and read as ``translations``, with
problems naming the field."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.db import db
from groupapp.messaging.models import Announcement


def _people(factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    lead = factories.user("facilitator", org=org)
    reader = factories.user("participant", org=org, locale="es")
    cohort = factories.cohort(org, [lead], [reader])
    return cohort, lead, reader


def test_the_api_takes_and_gives_the_spanish_version(factories, api_as) -> None:
    cohort, lead, spanish_reader = _people(factories)
    body = {
        "subject": "Room change",
        "body": "Room 4.",
        "translations": {"es": {"subject": "Cambio de sala", "body": "Sala 4."}},
    }
    created = api_as(lead).post(f"/cohorts/{cohort.id}/announcements", json=body)
    assert created.status_code == 201, created.json
    assert created.json["translations"] == {"es": {"subject": "Cambio de sala", "body": "Sala 4."}}
    listed = api_as(spanish_reader).get(f"/cohorts/{cohort.id}/announcements").json
    assert listed["items"][0]["translations"]["es"]["body"] == "Sala 4."
    plain = api_as(lead).post(
        f"/cohorts/{cohort.id}/announcements", json={"subject": "Hi", "body": "Hello."}
    )
    assert plain.json["translations"] is None
    too_long = {**body, "translations": {"es": {"subject": "s" * 201, "body": "Sala 4."}}}
    refused = api_as(lead).post(f"/cohorts/{cohort.id}/announcements", json=too_long)
    assert refused.status_code == 422
    fields = [problem["field"] for problem in refused.json["errors"]]
    assert fields == ["translations.es.subject"]
    half = {**body, "translations": {"es": {"subject": "Solo asunto"}}}
    refused = api_as(lead).post(f"/cohorts/{cohort.id}/announcements", json=half)
    assert refused.status_code == 422
    assert [problem["field"] for problem in refused.json["errors"]] == ["translations.es.body"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Announcement)) == 2
