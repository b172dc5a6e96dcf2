"""Password reset by emailed link, delivered through a real SMTP server."""

from __future__ import annotations

import re

from groupapp.accounts.models import User
from groupapp.db import db
from tests.conftest import csrf_token, login_as
from tests.support.smtp import body_text
from tests.trust.audit import assert_audited

NEW_PASSWORD = "a brand new long passphrase"


def _reset_link(message) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"http://localhost(/password/reset/\S+)", body_text(message))
    assert match, "no reset link in the email"
    return match.group(1)


def test_reset_by_emailed_link(client, factories, smtp_server):
    user = factories.user(email="forgetful@example.com")
    token = csrf_token(client, "/password/forgot")
    response = client.post("/password/forgot", data={"email": user.email, "csrf_token": token})
    assert response.status_code == 302
    [message] = smtp_server.wait_for(1)
    assert message["To"] == user.email
    assert "password" in message["Subject"].lower()
    link = _reset_link(message)

    token = csrf_token(client, link)
    response = client.post(
        link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    row = assert_audited("accounts.password.reset", subject=user)
    assert row.organisation_id == user.organisation_id  # so the admins see it in the log
    assert login_as(client, user.email, NEW_PASSWORD).status_code == 302

    # The link is single use: after the password changed it no longer works.
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    again = client.get(link)
    assert again.status_code == 302
    assert "/password/forgot" in again.headers["Location"]


def test_unknown_email_gets_the_same_answer_and_no_mail(client, factories, smtp_server):
    factories.user(email="known@example.com")
    token = csrf_token(client, "/password/forgot")
    known = client.post(
        "/password/forgot",
        data={"email": "known@example.com", "csrf_token": token},
        follow_redirects=True,
    )
    unknown = client.post(
        "/password/forgot",
        data={"email": "ghost@example.com", "csrf_token": token},
        follow_redirects=True,
    )
    phrase = "If that address belongs to an account"
    assert phrase in known.get_data(as_text=True)
    assert phrase in unknown.get_data(as_text=True)
    messages = smtp_server.wait_for(2, timeout=1.5)
    assert [m["To"] for m in messages] == ["known@example.com"]


def test_tampered_reset_link_is_refused(client, factories, smtp_server):
    user = factories.user()
    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"email": user.email, "csrf_token": token})
    link = _reset_link(smtp_server.wait_for(1)[0])
    tampered = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    response = client.get(tampered)
    assert response.status_code == 302
    assert "/password/forgot" in response.headers["Location"]


def test_weak_new_password_is_explained_and_nothing_changes(client, factories, smtp_server):
    user = factories.user()
    old_hash = user.password_hash
    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"email": user.email, "csrf_token": token})
    link = _reset_link(smtp_server.wait_for(1)[0])
    token = csrf_token(client, link)
    response = client.post(
        link, data={"password": "short", "confirm": "short", "csrf_token": token}
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == old_hash
