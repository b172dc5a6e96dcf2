"""A Spanish-speaking participant's first visit: the privacy notice they must accept, the
choice of message emails, an invitation link that no longer works and the summary of a
form's problems read in Spanish, with no English word of the app's own text."""

from __future__ import annotations

import re

import pytest
import time_machine

from groupapp.accounts.services import invitation_token
from groupapp.cohorts.services import invite
from groupapp.core.mail import render_email
from groupapp.db import db
from groupapp.privacy.services import publish_notice
from tests.conftest import csrf_token
from tests.i18n.test_emails_in_spanish import CONTEXT, WHEN
from tests.i18n.test_pages_in_spanish import ENGLISH, visible_text

SPANISH_BROWSER = {"Accept-Language": "es-MX,es;q=0.9"}


@pytest.fixture
def lucia(factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    admin = factories.user("admin", org=org)
    publish_notice(admin, "Guardamos lo que escribe solo para sus facilitadores.")
    lucia = factories.user("participant", org=org, locale="es", name="Lucía Ríos")
    db.session.commit()
    return lucia


def _no_english(html: str, *allowed: str) -> str:
    text = visible_text(html)
    for word in allowed:
        text = text.replace(word, "")
    assert ENGLISH.findall(text) == [], text
    return text


def test_the_privacy_notice_and_its_thanks_are_in_spanish(client, login, lucia):  # type: ignore[no-untyped-def]
    login(lucia)
    page = client.get("/privacy/notice?next=/my/meetings")
    assert page.status_code == 200
    text = _no_english(page.text, "Lucía Ríos")
    assert f"Cómo cuida {lucia.organisation.name} su información" in text
    assert "He leído y acepto este aviso" in text
    assert "durante 7 años después de que el miembro deja el grupo" in text

    accepted = client.post(
        "/privacy/notice/accept?next=/my/meetings",
        data={"version": 1, "csrf_token": csrf_token(client, "/privacy/notice")},
        follow_redirects=True,
    )
    assert "Gracias. Puede cambiar de opinión" in accepted.text
    _no_english(accepted.text, "Lucía Ríos")


def test_the_message_email_choice_is_in_spanish(client, login, lucia):  # type: ignore[no-untyped-def]
    login(lucia)
    client.post(
        "/privacy/notice/accept",
        data={"version": 1, "csrf_token": csrf_token(client, "/privacy/notice")},
    )
    page = client.get("/messages/email")
    assert page.status_code == 200
    text = _no_english(page.text, "Lucía Ríos")
    assert "Una vez al día, si hay mensajes sin leer" in text
    saved = client.post(
        "/messages/email",
        data={"mode": "daily", "csrf_token": csrf_token(client, "/messages/email")},
        follow_redirects=True,
    )
    assert "Guardado: un resumen diario." in saved.text


def test_an_invitation_link_that_no_longer_works_in_the_browsers_spanish(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/invitations/not-a-real-token", headers=SPANISH_BROWSER)
    assert '<html lang="es">' in page.text
    text = _no_english(page.text)
    assert "Este enlace de invitación ya no funciona" in text


@pytest.mark.parametrize(
    ("fields", "heading"), [(1, "Revise esta respuesta"), (2, "Revise estas 2 respuestas")]
)
def test_the_summary_of_a_forms_problems_is_in_spanish(client, login, factories, fields, heading):  # type: ignore[no-untyped-def]
    login(factories.user(locale="es", timezone="Europe/Madrid"))
    data = {"display_name": "", "timezone": "Europe/Madrid", "locale": "es"}
    if fields == 2:
        data["timezone"] = "Narnia/Cair"
    response = client.post("/account", data={**data, "csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 200
    assert heading in response.text
    assert "Please check" not in response.text


def test_an_invitation_for_someone_who_has_an_account_in_spanish(client, login, factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    lead = factories.user("facilitator", org=org)
    cohort = factories.cohort(org, facilitators=[lead], name="Grupo Luna")
    ana = factories.user(org=org, locale="es", name="Ana")
    invitation = invite(cohort, ana.email, lead, locale="es")
    db.session.commit()
    login(ana)
    page = client.get(f"/invitations/{invitation_token(invitation)}")
    assert page.status_code == 200
    text = _no_english(page.text)
    assert f"Ya tiene una cuenta como {ana.email} ." in text
    assert "Acepte para unirse a Grupo Luna ." in text
    assert f"<strong>{ana.email}</strong>" in page.text


def test_a_check_in_with_missing_answers_names_them_in_spanish(client, login, factories):  # type: ignore[no-untyped-def]
    from tests.assessments.groups import DURING_BASELINE, make_group

    with time_machine.travel(DURING_BASELINE, tick=False):
        group = make_group(factories)
        group.member.locale = "es"
        db.session.commit()
        login(group.member)
        checkins = client.get("/assessments/check-ins").text
        path = re.search(r'href="(/assessments/check-ins/\d+/[^"]+)"', checkins).group(1)
        refused = client.post(
            path, data={"csrf_token": csrf_token(client, path), "action": "submit"}
        )
    assert refused.status_code == 200
    assert "Pregunta 1: elija una respuesta." in refused.text
    assert re.search(r"Revise estas \d+ respuestas", refused.text)
    assert "please choose" not in refused.text


@pytest.mark.parametrize(("locale", "shown"), [("es", "13,5"), ("en", "13.5")])
def test_a_score_with_a_half_point_is_written_as_the_reader_writes_it(app, locale, shown):  # type: ignore[no-untyped-def]
    from groupapp.assessments.wording import format_score
    from groupapp.core.i18n import force_locale

    with app.test_request_context(), force_locale(locale):
        assert format_score(13.5) == shown
        assert format_score(27) == "27"
        assert format_score(None) == "-"


@pytest.mark.parametrize("email", ["assigned", "due_soon", "overdue", "cancelled"])
def test_a_built_in_homeworks_email_names_it_as_its_page_does(app, email):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace as Obj

    from groupapp.core.i18n import force_locale
    from groupapp.homework.library import load_builtin_templates
    from groupapp.homework.notices import homework_email
    from groupapp.homework.translations import builtin_in_language

    english = load_builtin_templates()["saying-no-log"].title
    spanish = builtin_in_language("saying-no-log", "es").title
    assert spanish != english
    reader = Obj(display_name="Lucía", timezone="Europe/Madrid", organisation=Obj(name="Río"))
    assignment = Obj(title=english, source_slug="saying-no-log", cohort=Obj(name="Grupo Luna"))
    with app.test_request_context(), force_locale("es"):
        message = homework_email(email, reader, assignment, None, "https://example.org/h/1")
    assert spanish in message.subject
    assert spanish in message.text
    assert english not in message.text + message.html
    with app.test_request_context(), force_locale("en"):
        message = homework_email(email, reader, assignment, None, "https://example.org/h/1")
    assert english in message.subject
    # The facilitator's reminder and the weekly digest name it the same way.
    context = {**CONTEXT, "assignment": assignment, "due": [(Obj(assignment=assignment), WHEN)]}
    for template, changes in (
        ("notifications/homework_reminder", {"due": WHEN}),
        ("notifications/digest_participant", {}),
    ):
        with app.test_request_context(), force_locale("es"):
            message = render_email(template, **{**context, **changes})
        assert spanish in message.text + message.html, template
        assert english not in message.subject + message.text + message.html, template


def test_the_start_pages_homework_panel_in_spanish(client, login, factories):  # type: ignore[no-untyped-def]
    from groupapp.homework.models import DRAFT
    from groupapp.homework.services import Due
    from tests.homework.support import build

    hw = build(factories)
    hw.alice.locale = "es"
    assignment = hw.give("saying-no-log", due=Due(meeting_number=3))
    hw.submission(assignment, hw.alice).status = DRAFT
    db.session.commit()
    login(hw.alice)
    page = client.get("/my/meetings")
    text = visible_text(page.text)
    assert "Tareas pendientes" in text
    assert re.search(r"Registro de práctica para decir que no vence el \w+, \d+ de", text), text
    assert "· borrador guardado" in text
    assert re.search(r"\b(due|draft saved|Homework to do)\b", text) is None, text


def test_the_unsubscribe_page_says_it_is_done_in_spanish(client, factories) -> None:  # type: ignore[no-untyped-def]
    from groupapp.notifications.preferences import unsubscribe_token

    lucia = factories.user(locale="es")
    db.session.commit()
    url = f"/notifications/unsubscribe/{unsubscribe_token(lucia.id, 'homework')}"
    done = client.post(url)
    assert "<h1>Listo</h1>" in done.text
    assert "Completados" not in done.text
