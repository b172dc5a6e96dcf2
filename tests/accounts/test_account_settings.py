"""A person's own settings: name, time zone (searchable list, current first) and email
address (confirmed from the new mailbox, the old one told)."""

from __future__ import annotations

import re

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.accounts.forms import OFFERED_ZONES
from groupapp.db import db, utcnow
from tests.conftest import csrf_token, login_as
from tests.support.factories import Factories
from tests.support.smtp import body_text
from tests.trust.audit import assert_audited


def _save_profile(client, name: str, zone: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/account")
    return client.post(
        "/account", data={"display_name": name, "timezone": zone, "csrf_token": token}
    )


def test_a_participant_changes_name_and_time_zone(client, factories, login):
    user = factories.user("participant", name="Sam", timezone="Europe/London")
    login(user)
    page = client.get("/account").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]+)">', page)
    assert options[0] == "Europe/London"  # the current zone first
    assert "America/Argentina/Buenos_Aires" in options
    assert 'list="zone-options"' in page
    assert 'data-browser-zone="suggest"' in page
    response = _save_profile(client, "  Samira Ödegaard  ", "America/Argentina/Buenos Aires")
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.timezone) == (
        "Samira Ödegaard",
        "America/Argentina/Buenos_Aires",
    )
    assert_audited("accounts.profile.changed", actor=user, subject=user)


def test_an_unknown_zone_is_refused_with_a_clear_message(client, factories, login):
    user = factories.user("facilitator", timezone="Asia/Tokyo")
    login(user)
    response = _save_profile(client, "Kenji", "Mars/Olympus_Mons")
    assert response.status_code == 200
    assert "Choose a time zone from the list" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.timezone == "Asia/Tokyo"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(max_size=140), zone=st.text(max_size=80))
def test_any_typed_name_and_zone_get_an_answer_not_an_error(app, client, factories, name, zone):
    user = factories.user("participant")
    client = app.test_client()  # a browser of its own for each example
    assert login_as(client, user.email).status_code == 302
    response = _save_profile(client, name, zone)
    # A NUL character is refused app-wide with a 400 page (groupapp.core.security).
    assert response.status_code in ((400,) if "\x00" in name + zone else (200, 302))
    db.session.refresh(user)
    assert user.timezone in OFFERED_ZONES
    assert len(user.display_name) <= 120


def _ask_for(client, email: str, password: str = Factories.PASSWORD):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/account")
    return client.post(
        "/account/email", data={"email": email, "password": password, "csrf_token": token}
    )


def _link(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"http://localhost(/account/email/confirm/\S+)", body_text(message)).group(1)


def test_a_new_address_is_confirmed_from_its_mailbox_and_the_old_one_is_told(
    app, client, factories, login, smtp_server
):
    user = factories.user("participant", email="old.address@example.com", name="Robin")
    login(user)
    response = _ask_for(client, "  Robin.NEW@Example.COM ")
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "We sent a link to robin.new@example.com" in page
    db.session.refresh(user)
    assert user.email == "old.address@example.com"  # nothing changes before the link
    [confirm] = smtp_server.wait_for(1)
    assert str(confirm["To"]) == "robin.new@example.com"
    link = _link(confirm)
    # Opening the link shows a button; a mail scanner's GET changes nothing.
    assert "Use this address" in client.get(link).get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "old.address@example.com"
    response = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.email, user.pending_email) == ("robin.new@example.com", None)
    assert_audited("accounts.email.changed", subject=user)
    told = smtp_server.wait_for(2)[1]
    assert str(told["To"]) == "old.address@example.com"
    assert "r***@example.com" in body_text(told)
    # The link is used up, and the new address signs in.
    assert client.get(link).status_code == 410
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    assert (
        client.post(
            "/login",
            data={
                "email": "Robin.New@example.com",
                "password": Factories.PASSWORD,
                "csrf_token": csrf_token(client, "/login"),
            },
        ).status_code
        == 302
    )


def test_the_wrong_password_or_a_taken_address_changes_nothing(
    client, factories, login, smtp_server
):
    factories.user("participant", email="taken@example.com")
    user = factories.user("participant", email="mine@example.com")
    login(user)
    response = _ask_for(client, "fresh@example.com", "not my password at all")
    assert "That is not your password." in response.get_data(as_text=True)
    _ask_for(client, "TAKEN@example.com")
    assert "already belongs to another account" in client.get("/account").get_data(as_text=True)
    response = _ask_for(client, "not an address")
    assert response.status_code == 200
    db.session.refresh(user)
    assert (user.email, user.pending_email) == ("mine@example.com", None)


def test_an_old_link_stops_working_after_a_day_or_a_newer_request(
    app, client, factories, login, smtp_server
):
    user = factories.user("participant", email="keeps@example.com")
    login(user)
    _ask_for(client, "first@example.com")
    first = _link(smtp_server.wait_for(1)[0])
    _ask_for(client, "second@example.com")
    second = _link(smtp_server.wait_for(2)[1])
    assert client.get(first).status_code == 410  # replaced by the newer request
    with time_machine.travel(utcnow().timestamp() + 25 * 3600, tick=False):
        assert app.test_client().get(second).status_code == 410
    db.session.refresh(user)
    assert user.email == "keeps@example.com"


def test_a_person_with_an_alias_zone_sees_it_first_and_can_keep_it(client, factories, login):
    user = factories.user("participant", timezone="America/Buenos_Aires")
    login(user)
    page = client.get("/account").get_data(as_text=True)
    first_zone = re.search(r'<option value="([^"]+)"', page)
    assert first_zone
    assert first_zone.group(1) == "America/Buenos_Aires"
    assert _save_profile(client, "Sam", "America/Buenos_Aires").status_code == 302
    db.session.refresh(user)
    assert user.timezone == "America/Buenos_Aires"
