"""Which language a page is in: the person's choice, else the browser's, else English."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import gettext
from hypothesis import given
from hypothesis import strategies as st

from groupapp.core.i18n import (
    DEFAULT_LOCALE,
    SUPPORTED_LOCALES,
    browser_locale,
    current_locale,
    force_locale,
    language_name,
    supported_or_default,
    user_locale,
)
from groupapp.db import db


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.5", "es"),
        ("es-AR", "es"),
        ("fr,es-AR;q=0.8,en;q=0.5", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("de,fr;q=0.9", "en"),
        ("es;q=0", "en"),
        ("ES_es", "es"),
        ("", "en"),
    ],
)
def test_browser_language_is_the_first_the_app_speaks(header: str, expected: str) -> None:
    assert browser_locale(header) == expected


@given(st.text(max_size=200))
def test_any_accept_language_header_gives_a_supported_language(header: str) -> None:
    assert browser_locale(header) in SUPPORTED_LOCALES


@given(st.one_of(st.none(), st.text(max_size=20)))
def test_only_supported_codes_survive(code: str | None) -> None:
    chosen = supported_or_default(code)
    assert chosen in SUPPORTED_LOCALES
    assert chosen in (code, DEFAULT_LOCALE)


def test_language_names_are_their_own() -> None:
    assert language_name("es") == "Español"
    assert language_name("en") == "English"
    assert language_name("xx") == "English"


def test_user_locale_from_a_person_or_an_id(app: Flask, factories) -> None:  # type: ignore[no-untyped-def]
    maria = factories.user(locale="es")
    sam = factories.user()
    assert user_locale(maria) == "es"
    assert user_locale(maria.id) == "es"
    assert user_locale(sam.id) == "en"
    assert user_locale(None) == "en"
    assert user_locale(987654) == "en"
    # A code the app no longer speaks reads as the default rather than failing.
    maria.locale = "fr"
    db.session.commit()
    assert user_locale(maria.id) == "en"


def test_force_locale_renders_in_that_language_and_puts_back(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert current_locale() == "en"
        with force_locale("es") as chosen:
            assert chosen == "es"
            assert current_locale() == "es"
            assert gettext("Please sign in to continue.") != "Please sign in to continue."
        assert current_locale() == "en"
        assert gettext("Please sign in to continue.") == "Please sign in to continue."
        with force_locale("zz"):
            assert current_locale() == "en"


def test_signed_out_pages_follow_the_browser(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "es-419,es;q=0.9"})
    assert '<html lang="es">' in page.text
    page = client.get("/login", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in page.text


def test_a_signed_in_persons_choice_beats_the_browser(
    client: FlaskClient, factories, login
) -> None:  # type: ignore[no-untyped-def]
    maria = factories.user(locale="es")
    login(maria)
    page = client.get("/", headers={"Accept-Language": "en"}, follow_redirects=True)
    assert '<html lang="es">' in page.text
