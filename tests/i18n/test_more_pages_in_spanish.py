"""Every participant page reachable from the participant navigation, the error pages and
the flash after each participant form: Spanish for a Spanish reader."""

from __future__ import annotations

import re

import pytest
import time_machine
from flask_login import login_user
from werkzeug.exceptions import InternalServerError, TooManyRequests

from groupapp.core.errors import http_error_response
from groupapp.core.outbox import enqueue
from groupapp.db import db
from groupapp.meetings.models import Meeting
from groupapp.messaging.threads import open_thread
from groupapp.privacy.services import publish_notice
from tests.assessments.groups import DURING_BASELINE
from tests.conftest import csrf_token
from tests.i18n.test_pages_in_spanish import ENGLISH, spanish_member, visible_text

__all__ = ["spanish_member"]  # the fixture, shared with the first page list

ENGLISH_BROWSER = {"Accept-Language": "en"}
PAGES = [
    "/home",
    "/my/reminders",
    "/my/support",
    "/privacy/notice",
    "/privacy/deletion",
    "/privacy/my-data",
    "/cohorts/{cohort}/goals",
    "/cohorts/{cohort}/intake",
    "/meetings/{meeting}/feedback",
]


def _spanish_text(response, person) -> str:  # type: ignore[no-untyped-def]
    """The visible text without the person's own name; fails on any English word."""
    text = visible_text(response.text).replace(person.display_name, "")
    assert ENGLISH.findall(text) == [], text
    assert '<html lang="es">' in response.text
    return text


def _first_meeting() -> Meeting:
    return db.session.query(Meeting).order_by(Meeting.starts_at).first()


@pytest.mark.parametrize("path", PAGES)
@time_machine.travel(DURING_BASELINE, tick=False)
def test_participant_pages_have_no_english_words(client, login, spanish_member, path):  # type: ignore[no-untyped-def]
    url = path.format(cohort=spanish_member.cohort.id, meeting=_first_meeting().id)
    login(spanish_member.member)
    response = client.get(url, headers=ENGLISH_BROWSER)
    assert response.status_code == 200
    _spanish_text(response, spanish_member.member)


@time_machine.travel(DURING_BASELINE, tick=False)
def test_accepting_the_privacy_notice_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    publish_notice(spanish_member.admin, "Lo que guardamos y por qué.")
    db.session.commit()
    login(spanish_member.member)
    page = client.get("/privacy/notice", headers=ENGLISH_BROWSER)
    text = _spanish_text(page, spanish_member.member)
    assert "Versión 1" in text
    version = page.text.split('name="version"')[1].split('value="')[1].split('"')[0]
    accepted = client.post(
        "/privacy/notice/accept",
        data={"csrf_token": csrf_token(client, "/privacy/notice"), "version": version},
        follow_redirects=True,
    )
    assert "Gracias. Puede cambiar de opinión" in _spanish_text(accepted, spanish_member.member)


@time_machine.travel(DURING_BASELINE, tick=False)
def test_error_pages_in_spanish(app, client, login, spanish_member):  # type: ignore[no-untyped-def]
    member = spanish_member.member
    login(member)
    shown = {
        403: client.get("/cohorts", headers=ENGLISH_BROWSER),
        404: client.get("/no-such-page", headers=ENGLISH_BROWSER),
        405: client.get("/account/email", headers=ENGLISH_BROWSER),
        400: client.post("/my/reminders", data={"text": "x"}, headers=ENGLISH_BROWSER),
        413: client.post(
            "/my/reminders", headers=ENGLISH_BROWSER, data={"text": "x" * (11 * 1024 * 1024)}
        ),
    }
    for code, response in shown.items():
        assert response.status_code == code
        assert f"Error {code}" in _spanish_text(response, member)
    assert "CSRF" not in shown[400].text
    assert "10 MB" in shown[413].text
    # 429 and 500 come from the limiter and from a fault, rendered by the same handler.
    for error in (TooManyRequests(), InternalServerError()):
        with app.test_request_context("/my/meetings", headers=ENGLISH_BROWSER):
            login_user(member)
            body, code = http_error_response(error)
        assert code == error.code
        assert ENGLISH.findall(visible_text(body)) == [], visible_text(body)
        assert '<html lang="es">' in body


@time_machine.travel(DURING_BASELINE, tick=False)
def test_flashes_after_participant_forms_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    member = spanish_member.member
    login(member)
    saved = client.post(
        "/notifications/preferences",
        data={
            "csrf_token": csrf_token(client, "/notifications/preferences"),
            "receive": ["meeting_reminders"],
            "digest_day": "0",
            "digest_hour": "8",
        },
        follow_redirects=True,
    )
    assert "Sus ajustes de correo están guardados." in _spanish_text(saved, member)
    wrong = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(client, "/account/password"),
            "current": "not it",
            "password": "a long new password for the group",
            "confirm": "a long new password for the group",
        },
    )
    assert "Esa no es su contraseña actual." in _spanish_text(wrong, member)
    cancelled = client.post(
        "/account/two-factor/cancel",
        data={"csrf_token": csrf_token(client, "/account/password")},
        follow_redirects=True,
    )
    assert "Se canceló la configuración" in cancelled.text


def test_every_script_message_comes_in_spanish(client, login, spanish_member) -> None:  # type: ignore[no-untyped-def]
    """The page scripts (autosave, signed-out text keeping, calendar copy, time zones) take
    their words from the page; each key they ask for is there, in Spanish."""
    from pathlib import Path

    import groupapp

    scripts = Path(groupapp.__file__).parent / "static"
    asked = {
        key
        for script in scripts.glob("**/*.js")
        for key in re.findall(r'msg\("([a-z-]+)"', script.read_text(encoding="utf-8"))
    }
    assert {"signed-out-restored", "kept-until-sign-in", "copied", "add-entry"} <= asked
    login(spanish_member.member)
    page = client.get("/my/meetings", headers=ENGLISH_BROWSER).text
    holder = re.search(r'<div id="page-messages"[^>]*>', page)
    assert holder is not None
    given = dict(re.findall(r'data-msg-([a-z-]+)="([^"]*)"', holder.group(0)))
    assert asked <= set(given)
    words = " ".join(given.values())
    assert ENGLISH.findall(words) == [], words
    assert "sesión" in given["signed-out-restored"]
    assert "sesión" in given["kept-until-sign-in"]
    assert given["add-entry"] == "Agregar {entry}"  # "Agregar momento": no article to agree


@time_machine.travel(DURING_BASELINE, tick=False)
def test_my_data_page_names_everything_in_spanish(client, login, spanish_member) -> None:  # type: ignore[no-untyped-def]
    member = spanish_member.member
    for kind in ("checkin_open", "intake_reminder", "homework_due_soon"):
        enqueue(kind, member, f"my-data-words:{kind}")
    open_thread(spanish_member.cohort, member, member, "Una pregunta", "Hola, ¿a qué hora?")
    db.session.commit()
    login(member)
    text = _spanish_text(client.get("/privacy/my-data"), member)
    for words in ("Cuenta", "Nombre visible", "Zona horaria", "Participante", "Activo"):
        assert words in text
    assert "De usted" in text  # the person's own message
    assert "Estado En cola" in text  # an email not yet sent
    # The emails sent to the person, named by their kind in words.
    for words in (
        "Cuestionario de seguimiento abierto",
        "Recordatorio de las preguntas de ingreso",
        "Tarea por vencer",
    ):
        assert words in text
    for english in (
        "Display name",
        "Timezone",
        "Participant",
        "Deletion requests",
        "none",
        "Checkin open",
        "Intake reminder",
        "Homework due soon",
        "you",
        "Queued",
    ):
        assert re.search(rf"\b{english}\b", text) is None, english
