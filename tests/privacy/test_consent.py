"""The privacy notice: versions an admin publishes, accepted by participants before
anything else, with the version and time stored."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import ConsentRecord
from groupapp.db import db
from groupapp.privacy import consent
from groupapp.privacy.services import publish_notice
from tests.conftest import csrf_token
from tests.trust.audit import assert_audited


def _publish(client, login, admin, body: str) -> None:  # type: ignore[no-untyped-def]
    login(admin)
    token = csrf_token(client, "/privacy/notice/edit")
    response = client.post("/privacy/notice/edit", data={"body": body, "csrf_token": token})
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})


def _accept(client, version: int, next_page: str = ""):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/privacy/notice")
    url = "/privacy/notice/accept" + (f"?next={next_page}" if next_page else "")
    return client.post(url, data={"version": version, "csrf_token": token})


def test_participant_accepts_the_notice_before_anything_else(client, factories, login):
    org = factories.org()
    admin = factories.user("admin", org=org)
    participant = factories.user("participant", org=org)
    _publish(client, login, admin, "We keep what you write private to your facilitators.")
    assert_audited("privacy.notice.published", actor=admin)

    login(participant)
    response = client.get("/privacy/my-data")
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy/notice?next=/privacy/my-data"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "We keep what you write private" in page
    assert "I have read and accept" in page

    accepted = _accept(client, 1, "/privacy/my-data")
    assert accepted.headers["Location"] == "/privacy/my-data"
    assert client.get("/privacy/my-data").status_code == 200
    record = db.session.scalar(sa.select(ConsentRecord))
    assert (record.user_id, record.document, record.version) == (
        participant.id,
        "privacy_notice",
        1,
    )
    assert record.accepted_at is not None
    assert_audited("consent.privacy_notice.accepted", actor=participant, subject=participant)


def test_a_new_version_asks_again(client, factories, login):
    org = factories.org()
    admin = factories.user("admin", org=org)
    participant = factories.user("participant", org=org)
    publish_notice(admin, "First version.")
    db.session.commit()
    login(participant)
    _accept(client, 1)
    assert client.get("/home").status_code == 200
    publish_notice(admin, "Second version: we now also send reminders by email.")
    db.session.commit()
    response = client.get("/home")
    assert response.status_code == 302
    assert "/privacy/notice" in response.headers["Location"]
    # Accepting the old version (a page left open) does not count for the new one.
    stale = _accept(client, 1)
    assert "/privacy/notice" in stale.headers["Location"]
    assert client.get("/home").status_code == 302
    _accept(client, 2)
    assert client.get("/home").status_code == 200
    versions = db.session.scalars(sa.select(ConsentRecord.version).order_by("version")).all()
    assert versions == [1, 2]


def test_json_requests_get_403_not_a_redirect(client, factories, login):
    org = factories.org()
    publish_notice(factories.user("admin", org=org), "A notice.")
    db.session.commit()
    login(factories.user("participant", org=org))
    response = client.get("/home", headers={"Accept": "application/json"})
    assert response.status_code == 403


def test_staff_and_organisations_without_a_notice_are_not_asked(client, factories, login):
    org = factories.org()
    admin = factories.user("admin", org=org)
    publish_notice(admin, "A notice.")
    db.session.commit()
    login(factories.user("facilitator", org=org))
    assert client.get("/home").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    login(factories.user("participant"))  # another organisation, no notice
    assert client.get("/home").status_code == 200


def test_consent_api_serves_other_documents(app, factories):
    versions = {7: 3}
    consent.register_document("test_agreement", lambda ref: versions.get(ref))
    user = factories.user("participant")
    assert consent.current_version("test_agreement", 7) == 3
    assert consent.has_accepted(user, "test_agreement", 8)  # nothing to accept
    assert not consent.has_accepted(user, "test_agreement", 7)
    consent.accept(user, "test_agreement", 7, 3)
    consent.accept(user, "test_agreement", 7, 3)  # once per version
    db.session.commit()
    assert consent.has_accepted(user, "test_agreement", 7)
    versions[7] = 4
    assert not consent.has_accepted(user, "test_agreement", 7)
    assert consent.has_accepted(user, "test_agreement", 7, version=3)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ConsentRecord))
    assert count == 1
