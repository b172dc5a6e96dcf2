"""In a real browser, a participant who reads Spanish answers the PHQ-9 in Spanish and
the K10 (no Spanish version free to ship) in English, with a note saying so; the longer
Spanish words of check-ins and built-in homework still fit a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from groupapp.core.timezones import to_local
from groupapp.db import db, utcnow
from tests.assessments.groups import make_group
from tests.conftest import DESKTOP, PHONE, browser_login

pytestmark = pytest.mark.browser


def _spanish_group(factories, slug: str):  # type: ignore[no-untyped-def]
    group = make_group(factories, slug=slug, joined_on=to_local(utcnow(), "UTC").date())
    group.member.locale = "es"
    db.session.commit()
    return group


def test_a_spanish_reader_answers_the_phq9_in_spanish(new_page, factories):
    group = _spanish_group(factories, "phq9")
    phone = new_page(**PHONE)
    browser_login(phone, group.member.email)
    phone.goto(f"/assessments/check-ins/{group.schedule.id}/baseline")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Cuestionario sobre la salud del paciente (PHQ-9)"
    )
    expect(phone.locator("[data-language-note]")).to_have_count(0)
    for n in range(1, 10):
        question = phone.locator(f"#q-q{n}")
        expect(question.locator("legend [lang=es]")).to_be_visible()
        question.get_by_label("Ningún día" if n == 9 else "Varios días").check()
    expect(phone.locator("#q-q1")).to_contain_text("Poco interés o placer en hacer cosas")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # longer words fit
    phone.locator("button[value=submit]").click()
    expect(phone.get_by_text("Leve").first).to_be_visible()  # 8: mild


def test_a_spanish_reader_gets_the_k10_in_english_with_a_note(new_page, factories):
    group = _spanish_group(factories, "k10")
    desk = new_page(**DESKTOP)
    browser_login(desk, group.member.email)
    desk.goto(f"/assessments/check-ins/{group.schedule.id}/baseline")
    expect(desk.locator("[data-language-note]")).to_be_visible()
    expect(desk.locator("form[data-language=en]")).to_have_count(1)
    first = desk.locator("#q-q1")
    expect(first).to_contain_text("about how often did you feel tired out for no good reason?")
    expect(first.get_by_label("Some of the time")).to_be_visible()


def test_spanish_homework_fits_a_phone(new_page, factories):
    from tests.homework.support import build

    hw = build(factories)
    assignment = hw.give("give-fast-reflection")
    hw.alice.locale = "es"
    db.session.commit()
    sub = hw.submission(assignment, hw.alice)
    phone = new_page(**PHONE)
    browser_login(phone, hw.alice.email)
    phone.goto(f"/homework/{sub.id}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Reflexión GIVE y FAST")
    expect(
        phone.get_by_label("Validar (Validate) - mostré que entendía su punto de vista")
    ).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
