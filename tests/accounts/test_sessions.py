"""Idle and absolute session limits, enforced on the server, and the ways sessions end."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from groupapp.db import db, utcnow
from tests.conftest import csrf_token, login_as
from tests.support.factories import Factories


def _at(minutes: float):  # type: ignore[no-untyped-def]
    return time_machine.travel(utcnow() + timedelta(minutes=minutes), tick=False)


def test_participant_is_signed_out_after_30_idle_minutes_and_returns_to_the_page(
    client, factories, login
):
    user = factories.user("participant")
    with _at(0):
        login(user)
        assert client.get("/privacy/notice").status_code == 200
    with _at(29):
        assert client.get("/privacy/notice").status_code == 200  # activity moves the clock
    with _at(58):
        assert client.get("/privacy/notice").status_code == 200
    with _at(89):
        response = client.get("/privacy/my-data?tab=all")
        assert response.status_code == 302
        assert "/login?next=/privacy/my-data?tab%3Dall" in response.headers["Location"]
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "signed out after 30 minutes of inactivity" in page
        # Signing in again returns to the page the person was on.
        token = csrf_token(client, "/login")
        back = client.post(
            response.headers["Location"],
            data={"email": user.email, "password": Factories.PASSWORD, "csrf_token": token},
        )
        assert back.headers["Location"] == "/privacy/my-data?tab=all"


def test_staff_idle_limit_is_15_minutes(client, factories, login):
    facilitator = factories.user("facilitator")
    with _at(0):
        login(facilitator)
    with _at(14):
        assert client.get("/home").status_code == 200
    with _at(30):
        response = client.get("/home")
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def _session_cookie_set(response) -> bool:  # type: ignore[no-untyped-def]
    return any(h.startswith("session=") for h in response.headers.getlist("Set-Cookie"))


def test_last_seen_stamp_moves_once_a_minute_and_idle_limit_stays_exact_to_the_minute(
    client, factories, login
):
    facilitator = factories.user("facilitator")
    with _at(0):
        login(facilitator)
    with _at(0.2):
        assert client.get("/home").status_code == 200  # the first page makes a CSRF token
    with _at(0.5):
        repeat = client.get("/home")
        assert repeat.status_code == 200
        assert not _session_cookie_set(repeat)  # nothing changed: no newly signed cookie
    with _at(1.5):
        assert _session_cookie_set(client.get("/home"))  # a minute old: the stamp moves
    with _at(16.4):
        assert client.get("/home").status_code == 200  # 14.9 minutes since the last stamp
    with _at(31.5):
        assert client.get("/home").status_code == 302


def test_idle_limits_are_configurable(app, client, factories, login, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES_PARTICIPANT", 5)
    user = factories.user("participant")
    with _at(0):
        login(user)
    with _at(6):
        assert client.get("/home").status_code == 302


def test_absolute_limit_of_12_hours_even_when_active(client, factories, login):
    user = factories.user("participant")
    with _at(0):
        login(user)
    for minute in range(20, 12 * 60, 20):
        with _at(minute):
            assert client.get("/home").status_code == 200
    with _at(12 * 60 + 5):
        response = client.get("/home", follow_redirects=True)
        assert "signed in for 12 hours" in response.get_data(as_text=True)


def test_script_requests_get_json_401_not_a_redirect(client, factories, login):
    user = factories.user("participant")
    with _at(0):
        login(user)
    with _at(45):
        response = client.post(
            "/privacy/notice/accept",
            data={"csrf_token": "irrelevant"},
            headers={"Accept": "application/json"},
        )
    assert response.status_code in (400, 401)  # CSRF or session: never a redirect
    with _at(46):
        response = client.get("/home", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "signed_out"
    assert response.get_json()["login_url"] == "/login"


def test_signed_out_script_request_gets_json_401(client, factories):
    response = client.get("/privacy/my-data", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "signed_out"


def test_changing_password_ends_other_sessions_but_keeps_this_one(app, client, factories):
    user = factories.user("participant")
    phone, laptop = app.test_client(), app.test_client()
    assert login_as(phone, user.email).status_code == 302
    assert login_as(laptop, user.email).status_code == 302
    new = "paper boats drift past the old mill"
    token = csrf_token(laptop, "/account/password")
    response = laptop.post(
        "/account/password",
        data={
            "current": Factories.PASSWORD,
            "password": new,
            "confirm": new,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    assert laptop.get("/home").status_code == 200
    assert phone.get("/home").status_code == 302
    assert login_as(phone, user.email, new).status_code == 302


def test_wrong_current_password_changes_nothing(client, factories, login):
    user = factories.user("participant")
    old_hash = user.password_hash
    login(user)
    token = csrf_token(client, "/account/password")
    new = "paper boats drift past the old mill"
    response = client.post(
        "/account/password",
        data={"current": "not my password", "password": new, "confirm": new, "csrf_token": token},
    )
    assert "That is not your current password." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_deactivating_a_user_ends_their_sessions(app, client, factories):
    org = factories.org()
    admin = factories.user("admin", org=org)
    person = factories.user("participant", org=org)
    theirs, admins = app.test_client(), app.test_client()
    login_as(theirs, person.email)
    login_as(admins, admin.email)
    assert theirs.get("/home").status_code == 200
    token = csrf_token(admins, f"/people/{person.id}/deactivate")
    response = admins.post(
        f"/people/{person.id}/deactivate", data={"reason": "moved away", "csrf_token": token}
    )
    assert response.status_code == 302
    assert theirs.get("/home").status_code == 302
    assert login_as(theirs, person.email).status_code == 200  # refused, form shown again
    from tests.trust.audit import assert_audited

    assert_audited("accounts.user.deactivated", actor=admin, subject=person, reason="moved away")


def _login_remembered(client, user) -> None:  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/login")
    client.post(
        "/login",
        data={
            "email": user.email,
            "password": Factories.PASSWORD,
            "remember": "y",
            "csrf_token": token,
        },
    )


def test_staff_get_no_remember_cookie(client, factories):
    _login_remembered(client, factories.user("facilitator"))
    assert client.get_cookie("remember_token") is None


def test_participant_remember_cookie_survives_a_browser_restart(client, factories):
    _login_remembered(client, factories.user("participant"))
    assert client.get_cookie("remember_token") is not None
    client.delete_cookie("session")  # the browser closed: session cookies are gone
    assert client.get("/home").status_code == 200


def test_session_cookie_flags(client, factories):
    user = factories.user("participant")
    response = login_as(client, user.email)
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_idle_logout_also_ends_a_participants_remember_cookie(client, factories):
    user = factories.user("participant")
    with _at(0):
        _login_remembered(client, user)
    with _at(45):
        assert client.get("/home").status_code == 302
        assert client.get_cookie("remember_token") is None
        assert client.get("/home").status_code == 302  # not restored from a cookie


def test_signing_out_deletes_the_remember_cookie(client, factories):
    _login_remembered(client, factories.user("participant"))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    assert client.get_cookie("remember_token") is None


def test_a_copied_remember_cookie_stops_at_the_absolute_limit_of_the_sign_in(
    app, client, factories
):
    """Restores keep the original sign-in time; the server refuses an old cookie."""
    user = factories.user("participant")
    with _at(0):
        _login_remembered(client, user)
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    # A fresh client with only a copy of the cookie (the browser was closed).
    copy = app.test_client()
    copy.set_cookie("remember_token", cookie.value)
    with _at(11 * 60 + 50):
        assert copy.get("/home").status_code == 200
    with _at(11 * 60 + 58):
        assert copy.get("/home").status_code == 200
    # The restored session still ends 12 hours after the password sign-in.
    with _at(12 * 60 + 1):
        response = copy.get("/home", follow_redirects=True)
        assert "signed in for 12 hours" in response.get_data(as_text=True)
    late = app.test_client()
    late.set_cookie("remember_token", cookie.value)
    with _at(12 * 60 + 1):
        assert late.get("/home").status_code == 302
        assert late.get_cookie("remember_token") is None  # and the cookie is dropped


def test_a_remember_cookie_without_its_server_record_is_refused(app, client, factories):
    from groupapp.accounts.models import RememberToken

    user = factories.user("participant")
    _login_remembered(client, user)
    cookie = client.get_cookie("remember_token")
    db.session.execute(sa.delete(RememberToken))
    db.session.commit()
    copy = app.test_client()
    copy.set_cookie("remember_token", cookie.value)
    assert copy.get("/home").status_code == 302


def test_absolute_limit_accepts_a_decimal_number_of_hours(
    app, client, factories, login, monkeypatch
):
    monkeypatch.setitem(app.config, "SESSION_ABSOLUTE_HOURS", 0.02)  # 72 seconds
    user = factories.user("participant")
    with _at(0):
        login(user)
    with _at(1):
        assert client.get("/home").status_code == 200
    with _at(1.3):
        response = client.get("/home", follow_redirects=True)
        assert "signed in for 72 seconds" in response.get_data(as_text=True)


def test_session_limits_read_decimals_from_the_environment(monkeypatch):
    from groupapp.accounts.sessions import describe_duration, settings_from_environment

    monkeypatch.setenv("SESSION_ABSOLUTE_HOURS", "0.02")
    monkeypatch.setenv("SESSION_IDLE_MINUTES_STAFF", "1")
    settings = settings_from_environment()
    assert settings["SESSION_ABSOLUTE_HOURS"] * 3600 == pytest.approx(72)
    assert describe_duration(settings["SESSION_IDLE_MINUTES_STAFF"] * 60) == "1 minute"
    assert describe_duration(12 * 3600) == "12 hours"
    assert describe_duration(1.5 * 3600) == "90 minutes"
    assert describe_duration(1.2) == "1 second"
    assert describe_duration(72) == "72 seconds"


def test_every_script_request_after_a_sign_out_hears_signed_out(client, factories, login):
    """Not only the first: later ones must not fail the CSRF check with a 400."""
    user = factories.user("participant")
    with _at(0):
        login(user)
        token = csrf_token(client, "/privacy/notice")
    for minute in (45, 46, 47):
        with _at(minute):
            response = client.post(
                "/privacy/notice/accept",
                data={"csrf_token": token},
                headers={"Accept": "application/json", "X-CSRFToken": token},
            )
        assert response.status_code == 401, minute
        assert response.get_json()["error"] == "signed_out"
        assert response.get_json()["login_url"] == "/login"


def test_a_page_request_with_a_stale_csrf_token_while_signed_in_is_still_refused(
    client, factories, login
):
    login(factories.user("participant"))
    response = client.post("/account/password", data={"csrf_token": "forged"})
    assert response.status_code == 400
