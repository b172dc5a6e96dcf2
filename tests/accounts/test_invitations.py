"""Invitations: signed, expiring, single-use links that create an account."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from groupapp.accounts.models import Invitation, User
from groupapp.db import db
from tests.conftest import csrf_token
from tests.support.smtp import body_text

PASSWORD = "our group meets on tuesdays"


def _invite(
    client, login, inviter, email: str, role: str = "participant", smtp=None, **more
) -> str:  # type: ignore[no-untyped-def]
    login(inviter)
    token = csrf_token(client, f"/people/invite?role={role}")
    response = client.post(
        f"/people/invite?role={role}", data={"email": email, "csrf_token": token, **more}
    )
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    [message] = smtp.wait_for(1)
    match = re.search(r"http://localhost(/invitations/\S+)", body_text(message))
    assert match
    return match.group(1)


def _accept(client, link: str, name: str = "Robin"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, link)
    return client.post(
        link,
        data={
            "display_name": name,
            "timezone": "Europe/London",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )


def test_facilitator_invites_participant_who_joins(client, factories, login, smtp_server):
    facilitator = factories.user("facilitator")
    link = _invite(client, login, facilitator, "new.person@example.com", smtp=smtp_server)
    message = smtp_server.messages[0]
    assert message["Reply-To"] == facilitator.email
    response = _accept(client, link)
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "new.person@example.com"))
    assert user.role == "participant"
    assert user.organisation_id == facilitator.organisation_id
    assert user.timezone == "Europe/London"
    assert client.get("/home").status_code == 200  # signed in straight away


def test_invitation_link_works_once(client, factories, login, smtp_server):
    admin = factories.user("admin")
    link = _invite(client, login, admin, "once@example.com", role="facilitator", smtp=smtp_server)
    assert _accept(client, link).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    assert client.get(link).status_code == 410
    assert _accept_fails(client, link)


def _accept_fails(client, link: str) -> bool:  # type: ignore[no-untyped-def]
    response = client.post(link, data={"display_name": "x"})
    return response.status_code in (400, 410)


def test_expired_invitation_is_refused(client, factories, login, smtp_server):
    facilitator = factories.user("facilitator")
    link = _invite(client, login, facilitator, "late@example.com", smtp=smtp_server)
    invitation = db.session.scalar(sa.select(Invitation))
    invitation.expires_at = invitation.expires_at - timedelta(days=30)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    assert "no longer works" in response.get_data(as_text=True)


def test_tampered_invitation_is_refused(client, factories, login, smtp_server):
    facilitator = factories.user("facilitator")
    link = _invite(client, login, facilitator, "tamper@example.com", smtp=smtp_server)
    assert client.get(link.replace("/invitations/", "/invitations/x")).status_code == 410
    assert client.get(link[:-2]).status_code == 410


def test_participant_cannot_invite_and_facilitator_cannot_invite_staff(client, factories, login):
    participant = factories.user("participant")
    login(participant)
    assert client.get("/people/invite").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    facilitator = factories.user("facilitator")
    login(facilitator)
    assert client.get("/people/invite?role=facilitator").status_code == 403
    assert client.get("/people/invite?role=participant").status_code == 200


def test_invited_user_belongs_to_the_inviters_organisation_only(
    client, factories, login, smtp_server
):
    org_a = factories.org("A")
    factories.org("B")
    admin = factories.user("admin", org=org_a)
    link = _invite(client, login, admin, "staff@example.com", role="facilitator", smtp=smtp_server)
    _accept(client, link)
    user = db.session.scalar(sa.select(User).where(User.email == "staff@example.com"))
    assert user.organisation_id == org_a.id
    assert user.role == "facilitator"
