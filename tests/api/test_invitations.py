"""Invitations through the API: the emailed link's last segment is the token to accept."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from groupapp.accounts.models import Invitation, User
from groupapp.cohorts.models import Membership
from groupapp.db import db
from groupapp.privacy.services import publish_notice
from tests.api.conftest import Api
from tests.support.smtp import body_text
from tests.trust.world import build_world

PASSWORD = "our group meets on tuesdays"
NEW_ACCOUNT = {"name": "Robin", "password": PASSWORD, "timezone": "Europe/Lisbon"}


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _emailed_token(smtp_server, count: int = 1) -> str:  # type: ignore[no-untyped-def]
    """The last path segment of the link in the newest invitation email."""
    message = smtp_server.wait_for(count)[-1]
    match = re.search(r"http://localhost/invitations/(\S+)", body_text(message))
    assert match, body_text(message)
    link_path = match.group(0).removeprefix("http://localhost")
    assert link_path.rsplit("/", 1)[1] == match.group(1)
    return match.group(1)


def test_an_admin_invites_a_facilitator_who_accepts_with_the_emailed_token(
    world, api_as, client, smtp_server
):
    invited = api_as(world.admin).post(
        "/invitations", json={"email": "New.Staff@Example.org", "role": "facilitator"}
    )
    assert invited.status_code == 201, invited.get_json()
    assert (invited.get_json()["email"], invited.get_json()["role"]) == (
        "new.staff@example.org",
        "facilitator",
    )
    token = _emailed_token(smtp_server)
    anonymous = api_as(None)
    accepted = anonymous.post(f"/invitations/{token}/accept", json=NEW_ACCOUNT)
    assert accepted.status_code == 201, accepted.get_json()
    body = accepted.get_json()
    user = db.session.scalar(sa.select(User).where(User.email == "new.staff@example.org"))
    assert (user.role, user.organisation_id, user.timezone) == (
        "facilitator",
        world.org.id,
        "Europe/Lisbon",
    )
    assert body["user"]["id"] == user.id
    assert body["cohort_id"] is None
    me = Api(client, body["token"]).get("/me")
    assert me.get_json()["email"] == "new.staff@example.org"

    again = anonymous.post(f"/invitations/{token}/accept", json=NEW_ACCOUNT)
    assert again.status_code == 410
    assert client.get(f"/invitations/{token}").status_code == 410  # the page agrees


def test_who_may_invite_whom(world, api_as):
    facilitator = api_as(world.facilitator)
    email = "someone@example.org"
    assert (
        facilitator.post("/invitations", json={"email": email, "role": "facilitator"}).status_code
        == 403
    )
    participant = api_as(world.owner).post(
        "/invitations", json={"email": email, "role": "participant"}
    )
    assert participant.status_code == 403
    assert (
        facilitator.post("/invitations", json={"email": email, "role": "participant"}).status_code
        == 201
    )
    bad = api_as(world.admin).post("/invitations", json={"email": "not mail", "role": "admin"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.get_json()["errors"]} == {"email", "role"}
    assert (
        api_as(None).post("/invitations", json={"email": email, "role": "participant"}).status_code
        == 401
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1


def test_a_new_account_needs_every_field_and_a_strong_password(world, api_as, smtp_server):
    api_as(world.admin).post("/invitations", json={"email": "f@example.org", "role": "facilitator"})
    url = f"/invitations/{_emailed_token(smtp_server)}/accept"
    anonymous = api_as(None)
    empty = anonymous.post(url, json={})
    assert empty.status_code == 422
    assert {e["field"] for e in empty.get_json()["errors"]} == {"name", "password", "timezone"}
    weak = anonymous.post(url, json={**NEW_ACCOUNT, "password": "password123"})
    assert [e["field"] for e in weak.get_json()["errors"]] == ["password"]
    zone = anonymous.post(url, json={**NEW_ACCOUNT, "timezone": "US/Pacific"})
    assert [e["field"] for e in zone.get_json()["errors"]] == ["timezone"]
    assert (
        anonymous.post(url.replace("/invitations/", "/invitations/x"), json=NEW_ACCOUNT).status_code
        == 410
    )
    assert db.session.scalar(sa.select(User).where(User.email == "f@example.org")) is None
    assert anonymous.post(url, json=NEW_ACCOUNT).status_code == 201


def test_a_cohort_invitation_adds_the_place_to_the_signed_in_owner_of_the_address(
    world, api_as, smtp_server
):
    person = world.other_cohort_participant
    invited = api_as(world.facilitator).post(
        f"/cohorts/{world.cohort.id}/invitations", json={"email": person.email}
    )
    assert invited.status_code == 201
    url = f"/invitations/{_emailed_token(smtp_server)}/accept"
    for caller in (None, world.owner):
        refused = api_as(caller).post(url, json={})
        assert refused.status_code == 401
        assert "has an account" in refused.get_json()["detail"]
    accepted = api_as(person).post(url, json={})
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["cohort_id"] == world.cohort.id
    assert accepted.get_json()["token"] is None
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.cohort_id == world.cohort.id, Membership.user_id == person.id
        )
    )
    assert membership.status == "invited"  # the group agreement comes next, on the join page


def test_an_account_made_elsewhere_since_the_invitation_cannot_take_it(
    world, factories, api_as, smtp_server
):
    api_as(world.admin).post(
        "/invitations", json={"email": "kim@example.org", "role": "facilitator"}
    )
    url = f"/invitations/{_emailed_token(smtp_server)}/accept"
    kim = factories.user("facilitator", org=world.other_org, email="kim@example.org")
    refused = api_as(kim).post(url, json={})
    assert refused.status_code == 409
    assert (
        refused.get_json()["detail"]
        == "That address belongs to an account in another organisation."
    )
    assert db.session.get(User, kim.id).organisation_id == world.other_org.id


def test_a_new_participant_gets_no_unusable_token_before_the_privacy_notice(
    world, api_as, smtp_server
):
    publish_notice(world.admin, "What we keep and why.")
    db.session.commit()
    invited = api_as(world.admin).post(
        "/invitations", json={"email": "new.member@example.org", "role": "participant"}
    )
    assert invited.status_code == 201, invited.get_json()
    accepted = api_as(None).post(
        f"/invitations/{_emailed_token(smtp_server)}/accept", json=NEW_ACCOUNT
    )
    assert accepted.status_code == 201, accepted.get_json()
    body = accepted.get_json()
    assert (body["token"], body["expires_at"]) == (None, None)
    assert "/privacy/notice" in body["next_step"]
    user = db.session.scalar(sa.select(User).where(User.email == "new.member@example.org"))
    assert body["user"]["id"] == user.id
    assert user.role == "participant"


def test_an_account_that_may_use_its_token_has_no_next_step(world, api_as, smtp_server):
    api_as(world.admin).post(
        "/invitations", json={"email": "next.staff@example.org", "role": "facilitator"}
    )
    body = (
        api_as(None)
        .post(f"/invitations/{_emailed_token(smtp_server)}/accept", json=NEW_ACCOUNT)
        .get_json()
    )
    assert body["token"]
    assert body["next_step"] is None
