"""Optional TOTP for staff: enrolment by QR code, the second step at login, recovery codes,
and an organisation that insists on it."""

from __future__ import annotations

import re
import time

import pyotp
import sqlalchemy as sa
import time_machine

from groupapp.accounts.models import RecoveryCode
from groupapp.db import db
from tests.conftest import csrf_token, login_as
from tests.trust.audit import assert_audited


def _enrol(client) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code, inline
    secret = re.search(r"<code>([A-Z2-7]{16,})</code>", page).group(1)
    token = csrf_token(client, "/account/two-factor")
    response = client.post(
        "/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token}
    )
    assert response.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", response.get_data(as_text=True))
    return secret, codes


def _sign_out_and_give_password(client, user) -> None:  # type: ignore[no-untyped-def]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    response = login_as(client, user.email)
    assert response.headers["Location"].startswith("/login/code")


def _second_step(client, code: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/login/code")
    return client.post("/login/code", data={"code": code, "csrf_token": token})


def test_staff_enrol_then_need_a_code_to_sign_in(client, factories, login):
    facilitator = factories.user("facilitator")
    login(facilitator)
    secret, codes = _enrol(client)
    assert len(codes) == 10
    assert_audited("accounts.second_factor.enabled", actor=facilitator)
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    assert not set(codes) & set(stored)  # only hashes are kept
    _sign_out_and_give_password(client, facilitator)
    assert client.get("/home").status_code == 302  # the password alone is not enough
    assert _second_step(client, "000000").status_code == 200
    # The next 30-second step (the enrolment used the current one; clocks only go forward).
    with time_machine.travel(time.time() + 31, tick=False):
        assert _second_step(client, pyotp.TOTP(secret).now()).status_code == 302
        assert client.get("/home").status_code == 200


def test_a_code_cannot_be_used_twice(client, factories, login):
    facilitator = factories.user("facilitator")
    login(facilitator)
    secret, _ = _enrol(client)
    _sign_out_and_give_password(client, facilitator)
    # The enrolment used the current code; the same code is refused at login.
    response = _second_step(client, pyotp.TOTP(secret).now())
    assert response.status_code == 200
    assert "did not work" in response.get_data(as_text=True)


def test_recovery_code_works_once(client, factories, login):
    admin = factories.user("admin")
    login(admin)
    _, codes = _enrol(client)
    _sign_out_and_give_password(client, admin)
    assert _second_step(client, codes[0].upper()).status_code == 302
    _sign_out_and_give_password(client, admin)
    assert _second_step(client, codes[0]).status_code == 200


def test_organisation_can_require_staff_to_enrol(client, factories, login):
    org = factories.org()
    org.require_staff_2fa = True
    db.session.commit()
    facilitator = factories.user("facilitator", org=org)
    participant = factories.user("participant", org=org)
    login(facilitator)
    response = client.get("/home")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/two-factor"
    _enrol(client)
    assert client.get("/home").status_code == 200
    # It cannot be switched off while the organisation requires it.
    token = csrf_token(client, "/account/two-factor")
    client.post(
        "/account/two-factor/disable",
        data={"password": factories.PASSWORD, "csrf_token": token},
    )
    db.session.refresh(facilitator)
    assert facilitator.totp_secret is not None
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    # Participants are not asked.
    login(participant)
    assert client.get("/home").status_code == 200


def test_staff_can_turn_it_off_with_their_password(client, factories, login):
    facilitator = factories.user("facilitator")
    login(facilitator)
    _enrol(client)
    token = csrf_token(client, "/account/two-factor")
    client.post(
        "/account/two-factor/disable",
        data={"password": factories.PASSWORD, "csrf_token": token},
    )
    db.session.refresh(facilitator)
    assert facilitator.totp_secret is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0


def test_the_pending_step_expires(client, factories, login):
    facilitator = factories.user("facilitator")
    login(facilitator)
    secret, _ = _enrol(client)
    _sign_out_and_give_password(client, facilitator)
    token = csrf_token(client, "/login/code")
    with time_machine.travel(time.time() + 600, tick=False):
        code = pyotp.TOTP(secret).now()
        response = client.post("/login/code", data={"code": code, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


def _shown_key(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/account/two-factor").get_data(as_text=True)
    return re.search(r"<code>([A-Z2-7]{16,})</code>", page).group(1)


def test_the_scanned_key_survives_a_wrong_code_a_reload_and_a_new_sign_in(client, factories, login):
    facilitator = factories.user("facilitator")
    login(facilitator)
    scanned = _shown_key(client)
    token = csrf_token(client, "/account/two-factor")
    response = client.post(
        "/account/two-factor", data={"code": "123456", "csrf_token": token}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "That code did not match" in page
    assert "clock" not in page.lower()  # the phone's clock is not to blame
    assert scanned in page  # the same key after a wrong code
    assert _shown_key(client) == scanned  # and after a reload
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    login(facilitator)
    assert _shown_key(client) == scanned  # and in a new session
    # The app that scanned the first key can finish the setup.
    token = csrf_token(client, "/account/two-factor")
    response = client.post(
        "/account/two-factor", data={"code": pyotp.TOTP(scanned).now(), "csrf_token": token}
    )
    assert "recovery" in response.get_data(as_text=True).lower()
    db.session.refresh(facilitator)
    assert facilitator.totp_secret == scanned
    assert facilitator.totp_pending_secret is None


def test_the_key_survives_an_idle_sign_out(client, factories, login):
    facilitator = factories.user("facilitator")
    with time_machine.travel(time.time(), tick=False):
        login(facilitator)
        scanned = _shown_key(client)
    with time_machine.travel(time.time() + 20 * 60, tick=False):
        assert client.get("/account/two-factor").status_code == 302  # idle sign-out
        login(facilitator)
        assert _shown_key(client) == scanned


def test_cancelling_the_setup_forgets_the_key(client, factories, login):
    facilitator = factories.user("facilitator")
    login(facilitator)
    first = _shown_key(client)
    token = csrf_token(client, "/account/two-factor")
    response = client.post("/account/two-factor/cancel", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(facilitator)
    assert facilitator.totp_pending_secret is None
    assert _shown_key(client) != first
