"""A participant's journey in Spanish in Chromium, on a phone and on a desktop: join from
the invitation (the browser's language preselected), meetings, a check-in, homework and
progress, with no English word of the app's own text on the way."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from groupapp.accounts.services import invitation_token
from groupapp.cohorts.services import invite
from groupapp.db import db
from groupapp.meetings.models import Meeting
from tests.assessments.groups import DURING_BASELINE, make_group
from tests.conftest import DESKTOP, PHONE
from tests.i18n.test_pages_in_spanish import ENGLISH

pytestmark = pytest.mark.browser
SPANISH = {"locale": "es-MX", "timezone_id": "America/Mexico_City"}
PASSWORD = "nuestro grupo se reúne los martes"


def _no_english(page, *allowed: str) -> None:  # type: ignore[no-untyped-def]
    text = page.locator("main").inner_text() + page.locator("header").inner_text()
    for word in allowed:
        text = text.replace(word, "")
    assert ENGLISH.findall(text) == [], text


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
@time_machine.travel(DURING_BASELINE, tick=True)
def test_join_check_in_homework_and_progress_in_spanish(new_page, factories, device):  # type: ignore[no-untyped-def]
    group = make_group(factories)
    group.cohort.name = "Grupo Luna"
    for number, meeting in enumerate(db.session.query(Meeting).all(), start=1):
        meeting.topic = f"Tema {number}"  # the topics are the facilitator's own words
    invitation = invite(group.cohort, "lucia@example.org", group.lead, locale="es")
    db.session.commit()

    page = new_page(**device, **SPANISH)
    page.goto(f"/invitations/{invitation_token(invitation)}")
    expect(page.get_by_role("heading", name=f"Unirse a {group.org.name}")).to_be_visible()
    expect(page.get_by_label("Idioma")).to_have_value("es")
    page.get_by_label("Su nombre tal como lo verá el grupo").fill("Lucía Ríos")
    page.get_by_label("Contraseña nueva").fill(PASSWORD)
    page.get_by_label("Repita la contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Crear mi cuenta").click()
    expect(page.get_by_text("Le damos la bienvenida, Lucía Ríos.")).to_be_visible()

    expect(page.get_by_role("heading", name="Mis reuniones", exact=True)).to_be_visible()
    _no_english(page, "Lucía Ríos", group.org.name)
    page.get_by_role("link", name="Leer el acuerdo del grupo y unirse").click()
    # The group agreement itself is in Spanish (the cohort kept the built-in text), and
    # fits the phone's width.
    expect(page.locator(".agreement")).to_contain_text("se queda en el grupo")
    _no_english(page, "Lucía Ríos", group.org.name, "Grupo Luna")
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]
    page.get_by_role("button", name="Acepto el acuerdo y me uno").click()
    expect(page.get_by_text("Le damos la bienvenida a Grupo Luna.")).to_be_visible()
    _no_english(page, "Lucía Ríos", group.org.name)

    page.goto("/assessments/check-ins")
    expect(page.get_by_role("heading", name="Seguimiento", exact=True)).to_be_visible()
    _no_english(page, "Lucía Ríos", "PHQ-9")
    page.get_by_role("link", name="Empezar PHQ-9").click()
    expect(page.get_by_text("0 de 10 respondidas")).to_be_visible()
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        questions.nth(index).locator("input[type=radio]").first.check()
    expect(page.get_by_text("10 de 10 respondidas")).to_be_visible()
    page.get_by_role("button", name="Entregar").click()
    expect(
        page.get_by_text("Gracias. Su cuestionario de seguimiento está entregado.")
    ).to_be_visible()

    page.goto("/homework/")
    expect(page.get_by_role("heading", name="Mis tareas", exact=True)).to_be_visible()
    _no_english(page, "Lucía Ríos")

    page.goto("/assessments/progress")
    expect(page.get_by_role("heading", name="Mi progreso", exact=True)).to_be_visible()
    expect(page.get_by_text("Fecha", exact=True).first).to_be_visible()
