"""A person chooses their language: on the invitation form (the language they were
invited in preselected) and in account settings; pages follow the choice at once."""

from __future__ import annotations

import re

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.db import db
from tests.accounts.test_invitations import PASSWORD, _invite
from tests.conftest import csrf_token


def _selected(page: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select
    chosen = re.search(
        r'<option selected value="([^"]+)"|<option value="([^"]+)" selected', select.group(0)
    )
    return next(value for value in chosen.groups() if value) if chosen else None


def test_invitation_in_the_chosen_language_and_the_accept_form_keeps_the_choice(
    client, factories, login, smtp_server
):  # type: ignore[no-untyped-def]
    facilitator = factories.user("facilitator")
    link = _invite(client, login, facilitator, "lucia@example.com", smtp=smtp_server, locale="es")
    # The invitation's language, whatever the browser says.
    page = client.get(link, headers={"Accept-Language": "en-GB"}).text
    assert _selected(page, "locale") == "es"
    assert '<html lang="es">' in page
    token = csrf_token(client, link)
    response = client.post(
        link,
        headers={"Accept-Language": "en"},
        data={
            "display_name": "Lucía",
            "timezone": "America/Mexico_City",
            "locale": "es",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    lucia = db.session.scalar(sa.select(User).where(User.email == "lucia@example.com"))
    assert lucia.locale == "es"
    home = client.get("/home", headers={"Accept-Language": "en"})
    assert '<html lang="es">' in home.text


def test_an_unknown_language_is_refused_and_nothing_typed_is_lost(
    client, factories, login, smtp_server
):  # type: ignore[no-untyped-def]
    facilitator = factories.user("facilitator")
    link = _invite(client, login, facilitator, "kim@example.com", smtp=smtp_server)
    token = csrf_token(client, link)
    response = client.post(
        link,
        data={
            "display_name": "Kim",
            "timezone": "Europe/Madrid",
            "locale": "klingon",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.text
    assert 'value="Kim"' in response.text
    assert db.session.scalar(sa.select(User).where(User.email == "kim@example.com")) is None


def test_settings_change_the_language_of_the_next_page(client, factories, login):  # type: ignore[no-untyped-def]
    sam = factories.user(timezone="Europe/London")
    login(sam)
    page = client.get("/account").text
    assert _selected(page, "locale") == "en"
    token = csrf_token(client, "/account")
    response = client.post(
        "/account",
        data={
            "display_name": "Sam",
            "timezone": "Europe/London",
            "locale": "es",
            "csrf_token": token,
        },
        follow_redirects=True,
    )
    db.session.refresh(sam)
    assert sam.locale == "es"
    assert '<html lang="es">' in response.text
    assert "Se guardaron su nombre, idioma y zona horaria." in response.text
    # A form sent without the field keeps the language.
    token = csrf_token(client, "/account")
    client.post(
        "/account",
        data={"display_name": "Sam", "timezone": "Europe/London", "csrf_token": token},
    )
    db.session.refresh(sam)
    assert sam.locale == "es"


def test_form_errors_are_in_the_persons_language(client, factories, login):  # type: ignore[no-untyped-def]
    lucia = factories.user(timezone="Europe/Madrid", locale="es")
    login(lucia)
    token = csrf_token(client, "/account")
    response = client.post(
        "/account",
        data={"display_name": "", "timezone": "Narnia/Cair", "locale": "es", "csrf_token": token},
    )
    assert response.status_code == 200
    assert "Este campo es obligatorio." in response.text  # WTForms' own Spanish
    assert "Elija una zona horaria de la lista" in response.text  # the app's own
    assert 'value="Narnia/Cair"' in response.text  # nothing typed is lost
