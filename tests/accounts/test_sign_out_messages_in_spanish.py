"""Sign-out notices are in the reader's language: a participant who reads Spanish and was
signed out for inactivity or for the absolute limit, and a Spanish-speaking browser sent
to the login page."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from groupapp.accounts.sessions import describe_duration
from groupapp.core.i18n import force_locale
from groupapp.db import utcnow


def _at(minutes: float):  # type: ignore[no-untyped-def]
    return time_machine.travel(utcnow() + timedelta(minutes=minutes), tick=False)


def test_a_spanish_reader_signed_out_while_idle_reads_why_in_spanish(client, factories, login):
    user = factories.user("participant", locale="es")
    with _at(0):
        login(user)
        assert client.get("/homework/").status_code == 200
    with _at(31):
        page = client.get("/homework/", follow_redirects=True).get_data(as_text=True)
    assert "Se cerró su sesión tras 30 minutos sin actividad." in page
    assert "signed out after" not in page


def test_a_spanish_reader_signed_out_after_the_absolute_limit_reads_it_in_spanish(
    app, client, factories, login, monkeypatch
):
    monkeypatch.setitem(app.config, "SESSION_ABSOLUTE_HOURS", 0.02)
    user = factories.user("participant", locale="es")
    with _at(0):
        login(user)
    with _at(1):
        assert client.get("/home").status_code == 200
    with _at(1.3):
        page = client.get("/home", follow_redirects=True).get_data(as_text=True)
    assert "Se cerró su sesión porque llevaba 72 segundos con la sesión iniciada." in page


def test_a_spanish_browser_sent_to_sign_in_is_told_so_in_spanish(client):
    page = client.get(
        "/homework/", headers={"Accept-Language": "es-MX,es;q=0.9"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Inicie sesión para continuar." in page
    assert "Please sign in to continue." not in page


def test_durations_are_worded_in_each_language(app):
    with app.test_request_context():
        with force_locale("es"):
            worded = [describe_duration(s) for s in (1, 72, 60, 5400, 3600, 12 * 3600, 5401)]
        assert worded == [
            "1 segundo",
            "72 segundos",
            "1 minuto",
            "90 minutos",
            "1 hora",
            "12 horas",
            "1,5 horas",
        ]
        assert describe_duration(5401) == "1.5 hours"
