"""Signing in and out through the real pages."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.db import db
from tests.conftest import csrf_token, login_as


def test_login_with_right_password_lands_on_home(client, factories):
    user = factories.user("facilitator", email="Maya@Example.com")
    response = login_as(client, "maya@example.COM")
    assert response.status_code == 302
    home = client.get("/home")
    assert home.status_code == 200
    assert user.display_name in home.get_data(as_text=True)
    assert db.session.get(User, user.id).last_login_at is not None


def test_wrong_password_and_unknown_email_get_the_same_message(client, factories):
    factories.user(email="real@example.com")
    wrong = login_as(client, "real@example.com", "not the password at all").get_data(as_text=True)
    unknown = login_as(client, "nobody@example.com", "not the password at all").get_data(
        as_text=True
    )
    message = "That email and password do not match an active account."
    assert message in wrong
    assert message in unknown
    assert client.get("/home").status_code == 302  # still signed out


def test_inactive_user_cannot_sign_in(client, factories):
    user = factories.user()
    user.active = False
    db.session.commit()
    response = login_as(client, user.email)
    assert response.status_code == 200
    assert client.get("/home").status_code == 302


def test_logout_is_a_post_and_the_old_cookie_is_refused_afterwards(client, factories, login):
    user = factories.user()
    login(user)
    stolen_cookie = client.get_cookie("session").value
    assert client.get("/logout").status_code == 405
    token = csrf_token(client, "/home")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/home").status_code == 302
    # Replaying the cookie captured while signed in does not bring the session back.
    client.set_cookie("session", stolen_cookie)
    assert client.get("/home").status_code == 302


def test_post_without_csrf_token_is_rejected(client, factories):
    factories.user(email="csrf@example.com")
    response = client.post("/login", data={"email": "csrf@example.com", "password": "x" * 20})
    assert response.status_code == 400
    assert client.get("/home").status_code == 302


def test_remember_me_sets_a_lasting_cookie(client, factories):
    user = factories.user()
    token = csrf_token(client)
    client.post(
        "/login",
        data={
            "email": user.email,
            "password": factories.PASSWORD,
            "remember": "y",
            "csrf_token": token,
        },
    )
    assert client.get_cookie("remember_token") is not None


def test_next_parameter_cannot_redirect_off_site(client, factories):
    user = factories.user()
    token = csrf_token(client)
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_email_is_unique_whatever_its_case(app, factories):
    factories.user(email="same@example.com")
    count = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert count == 1
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        factories.user(email="SAME@example.com")
    db.session.rollback()
