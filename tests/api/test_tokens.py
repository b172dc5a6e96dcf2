"""Tokens: signing in for one, using it, revoking it; cookies never authorise the API."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pyotp
import sqlalchemy as sa

from groupapp.api.models import ApiToken
from groupapp.db import db, utcnow
from tests.api.conftest import Api
from tests.support.factories import Factories
from tests.trust.audit import assert_audited


def _sign_in(client, **body):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/auth/tokens", json=body)


def test_signing_in_returns_a_token_that_works_and_is_stored_hashed(client, factories):
    user = factories.user("facilitator", email="maya@example.org")
    response = _sign_in(client, email="Maya@Example.org ", password=Factories.PASSWORD)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"token", "expires_at"}
    row = db.session.scalar(sa.select(ApiToken))
    assert row.token_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    assert body["token"] not in row.token_hash
    assert row.expires_at - utcnow() > timedelta(days=29)
    me = Api(client, body["token"]).get("/me")
    assert me.status_code == 200
    assert me.get_json()["email"] == "maya@example.org"
    assert me.get_json()["role"] == "facilitator"
    db.session.refresh(row)
    assert row.last_used_at is not None
    assert_audited("accounts.login", actor=user, subject=user)
    assert_audited("api.token.create", actor=user, subject=user)


def test_a_wrong_password_is_a_401_problem_and_audited(client, factories):
    user = factories.user(email="sam@example.org")
    response = _sign_in(client, email=user.email, password="not the password at all")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "do not match" in response.get_json()["detail"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    assert_audited("accounts.login.failed", actor=None, subject=user)


def test_a_missing_field_names_it_in_errors(client, factories):
    response = _sign_in(client, email="someone@example.org")
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["status"] == 422
    assert {
        "location": "json",
        "field": "password",
        "detail": "Missing data for required field.",
    } in problem["errors"]


def test_two_factor_accounts_need_the_code(client, factories):
    user = factories.user("facilitator")
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    without = _sign_in(client, email=user.email, password=Factories.PASSWORD)
    assert without.status_code == 401
    assert "totp" in without.get_json()["detail"]
    wrong = _sign_in(client, email=user.email, password=Factories.PASSWORD, totp="000000")
    assert wrong.status_code == 401
    code = pyotp.TOTP(user.totp_secret).now()
    right = _sign_in(client, email=user.email, password=Factories.PASSWORD, totp=code)
    assert right.status_code == 201


def test_revoking_the_current_token_ends_it(client, factories, api_as):
    user = factories.user()
    api = api_as(user)
    assert api.get("/me").status_code == 200
    assert api.delete("/auth/tokens/current").status_code == 204
    again = api.get("/me")
    assert again.status_code == 401
    assert "revoked" in again.get_json()["detail"]
    assert_audited("api.token.revoke", actor=user, subject=user)


def test_expired_tokens_and_deactivated_people_get_401(client, factories, api_as):
    user = factories.user()
    api = api_as(user)
    db.session.execute(sa.update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert api.get("/me").status_code == 401
    other = factories.user()
    other_api = api_as(other)
    other.active = False
    db.session.commit()
    assert other_api.get("/me").status_code == 401


def test_a_signed_in_browser_session_does_not_authorise_the_api(client, factories, login):
    user = factories.user("admin")
    login(user)
    assert client.get("/account/password").status_code == 200  # the session works for pages
    response = client.get("/api/v1/me", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    # and a state-changing call with the cookie alone is refused too
    assert client.post("/api/v1/cohorts", json={}).status_code == 401


def test_bearer_calls_need_no_csrf_token_and_set_no_cookie(client, factories, api_as):
    facilitator = factories.user("facilitator")
    cohort = factories.cohort(facilitator.organisation, [facilitator])
    response = api_as(facilitator).post(
        f"/cohorts/{cohort.id}/invitations", json={"email": "new@example.org"}
    )
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers


def test_settings_page_lists_tokens_and_revokes_them(client, factories, api_as, login, csrf):
    user = factories.user()
    api = api_as(user)
    someone_else = factories.user()
    foreign = Api(client, None)
    api_as(someone_else)
    login(user)
    page = client.get("/account/api-tokens")
    assert page.status_code == 200
    assert "tests" in page.get_data(as_text=True)
    mine = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == user.id))
    theirs = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == someone_else.id))
    token = csrf("/account/api-tokens")
    refused = client.post(
        f"/account/api-tokens/{theirs.id}/revoke", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert refused.status_code == 404
    done = client.post(
        f"/account/api-tokens/{mine.id}/revoke", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert done.status_code == 302
    assert api.get("/me").status_code == 401
    assert foreign.get("/me").status_code == 401


def test_token_requests_are_throttled_like_the_login_form(limited_app, factories):
    app = limited_app()
    user = factories.user(email="target@example.org")
    client = app.test_client()
    for attempt in range(5):
        response = client.post(
            "/api/v1/auth/tokens",
            json={"email": user.email, "password": f"wrong guess {attempt}"},
            environ_base={"REMOTE_ADDR": f"10.9.0.{attempt}"},
        )
        assert response.status_code == 401
    blocked = client.post(
        "/api/v1/auth/tokens",
        json={"email": user.email, "password": Factories.PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.1.1"},
    )
    assert blocked.status_code == 429
    assert blocked.mimetype == "application/problem+json"
    assert "Retry-After" in blocked.get_json()["detail"]  # not the limiter's "5 per 15 minute"
    assert int(blocked.headers["Retry-After"]) > 0
