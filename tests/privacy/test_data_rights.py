"""A participant downloads everything held about them and asks for deletion; an admin
completes or declines it with a reason. All of it is audited."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from groupapp.accounts.models import User
from groupapp.db import db
from groupapp.privacy.models import DeletionRequest
from tests.conftest import csrf_token, login_as
from tests.trust.audit import assert_audited


def test_export_as_json_and_readable_page(client, factories, login):
    user = factories.user("participant", name="Sam <b>Bold</b>")
    login(user)
    download = client.get("/privacy/my-data.json")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.get_data(as_text=True))
    assert data["account"]["email"] == user.email
    assert data["account"]["display_name"] == "Sam <b>Bold</b>"
    assert "deletion_requests" in data
    # The row names the person exported (type and id), not the proxy that stood for them.
    assert_audited("privacy.export.downloaded", actor=user, subject=user, object=user)

    page = client.get("/privacy/my-data")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Sam &lt;b&gt;Bold&lt;/b&gt;" in text  # escaped, never markup
    assert "no-store" in page.headers["Cache-Control"]
    assert_audited("privacy.export.viewed", actor=user, subject=user, object=user)


def _ask_for_deletion(client, note: str = "I am moving on"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/privacy/deletion")
    return client.post("/privacy/deletion", data={"note": note, "csrf_token": token})


def _decide(client, request_id: int, decision: str, reason: str):  # type: ignore[no-untyped-def]
    url = f"/privacy/deletion-requests/{request_id}"
    token = csrf_token(client, url)
    return client.post(url, data={"decision": decision, "reason": reason, "csrf_token": token})


@dataclass
class Asked:
    """An organisation where a participant asked for deletion; both sides signed in."""

    admin: User
    sam: User
    participant: FlaskClient
    staff: FlaskClient
    request: DeletionRequest


def ask_and_sign_in_admin(app, factories, org, sam, note: str = "I am moving on") -> Asked:  # type: ignore[no-untyped-def]
    admin = factories.user("admin", org=org, email=f"boss{org.id}@org.example")
    participant, staff = app.test_client(), app.test_client()
    login_as(participant, sam.email)
    assert _ask_for_deletion(participant, note).status_code == 302
    login_as(staff, admin.email)
    request = db.session.scalar(sa.select(DeletionRequest))
    return Asked(admin, sam, participant, staff, request)


@pytest.fixture
def asked(app, client, factories) -> Asked:  # type: ignore[no-untyped-def]
    org = factories.org()
    return ask_and_sign_in_admin(app, factories, org, factories.user("participant", org=org))


def test_admin_completes_a_deletion(app, client, factories):
    org = factories.org()
    facilitator = factories.user("facilitator", org=org)
    sam = factories.user("participant", org=org, name="Sam Deleteme", email="sam@del.example")
    other = factories.user("participant", org=org)
    factories.cohort(org, [facilitator], [sam, other])
    case = ask_and_sign_in_admin(app, factories, org, sam)
    assert case.request.status == "pending"
    assert_audited("privacy.deletion.requested", actor=sam, subject=sam)

    listing = case.staff.get("/privacy/deletion-requests").get_data(as_text=True)
    assert "Sam Deleteme" in listing
    done = _decide(case.staff, case.request.id, "complete", "Asked in person too")
    assert done.status_code == 302

    db.session.expire_all()
    gone = db.session.get(User, sam.id)
    assert gone.email == f"deleted-{sam.id}@deleted.invalid"
    assert gone.display_name == "Former member"
    assert gone.password_hash is None
    assert not gone.active
    assert case.participant.get("/home").status_code == 302  # their session ended
    assert login_as(case.participant, "sam@del.example").status_code == 200  # refused
    assert db.session.get(DeletionRequest, case.request.id).status == "completed"
    assert db.session.get(User, other.id).email == other.email  # nobody else touched
    assert_audited(
        "privacy.deletion.completed", actor=case.admin, subject=sam, reason="Asked in person too"
    )


def test_admin_declines_with_a_reason_the_person_sees(asked):
    _decide(asked.staff, asked.request.id, "decline", "We must keep records until the end.")
    page = asked.participant.get("/privacy/deletion").get_data(as_text=True)
    assert "We must keep records until the end." in page
    db.session.expire_all()
    assert db.session.get(User, asked.sam.id).active
    assert_audited("privacy.deletion.declined", actor=asked.admin, subject=asked.sam)
    # A decided request cannot be decided again.
    again = _decide(asked.staff, asked.request.id, "complete", "changed my mind")
    assert again.status_code == 200
    assert db.session.get(DeletionRequest, asked.request.id).status == "declined"


def test_one_pending_request_at_a_time(client, factories, login):
    login(factories.user("participant"))
    _ask_for_deletion(client)
    _ask_for_deletion(client)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeletionRequest)) == 1
    assert "You asked on" in client.get("/privacy/deletion").get_data(as_text=True)


def test_a_decision_needs_a_reason(asked):
    assert _decide(asked.staff, asked.request.id, "complete", "").status_code == 200
    assert db.session.get(DeletionRequest, asked.request.id).status == "pending"


def test_admins_are_told_and_the_person_hears_the_decision(app, client, factories, smtp_server):
    org = factories.org()
    sam = factories.user("participant", org=org, name="Sam Private", email="sam@org.example")
    case = ask_and_sign_in_admin(app, factories, org, sam, note="my very private note")
    [to_admin] = smtp_server.wait_for(1)
    assert to_admin["To"] == case.admin.email
    body = to_admin.get_body(preferencelist=("plain",)).get_content()
    assert "/privacy/deletion-requests/" in body
    assert "Sam Private" not in body
    assert "my very private note" not in body

    _decide(case.staff, case.request.id, "complete", "As asked")
    messages = smtp_server.wait_for(2)
    to_person = messages[1]
    assert to_person["To"] == "sam@org.example"  # the address from before anonymising
    assert "deleted" in to_person["Subject"]
