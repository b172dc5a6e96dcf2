"""A facilitator builds homework with the builder (no YAML), gives it for a meeting picked by
its date, a participant answers it on a phone, and the facilitator reviews it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from groupapp.core.timezones import format_date
from groupapp.db import db
from groupapp.homework.fields import parse_fields
from groupapp.homework.models import Assignment, HomeworkTemplate, Submission
from tests.conftest import DESKTOP, PHONE, browser_login
from tests.homework.support import build

pytestmark = pytest.mark.browser


def test_build_assign_answer_on_a_phone_and_review(factories, new_page):  # type: ignore[no-untyped-def]
    hw = build(factories)
    staff = new_page(**DESKTOP)
    browser_login(staff, hw.facilitator.email)
    staff.goto("/homework/templates")
    staff.get_by_role("link", name="New template").click()

    # Question 1 is there to fill; the others are added by type.
    staff.get_by_label("Title").fill("After saying no")
    # Enter in a text box refreshes the page's preview; it presses no other button.
    staff.get_by_label("Title").press("Enter")
    expect(staff.locator("[data-builder-preview-body] h3")).to_have_text("After saying no")
    expect(staff.locator(".builder-question")).to_have_count(1)
    staff.get_by_label("Question as the participant reads it").fill("What did you say no to?")
    staff.get_by_label("An answer is required").check()
    staff.get_by_label("Type of the new question").select_option(label="Scale")
    staff.get_by_role("button", name="Add a question").click()

    question = staff.locator("#b-f1")
    expect(question.get_by_label("Question as the participant reads it")).to_be_focused()
    expect(staff.get_by_label("Title")).to_have_value("After saying no")  # nothing typed is lost
    question.get_by_label("Question as the participant reads it").fill("How hard was it?")
    question.get_by_label("Words for the lowest").fill("Easy")
    question.get_by_label("Words for the highest").fill("Very hard")
    # The preview follows the typing, as a participant will see it on a phone.
    preview = staff.locator("[data-builder-preview-body]")
    expect(preview.get_by_text("10 = Very hard")).to_be_visible()

    staff.get_by_label("Type of the new question").select_option(label="Single choice")
    staff.get_by_role("button", name="Add a question").click()
    question = staff.locator("#b-f2")
    question.get_by_label("Question as the participant reads it").fill("How did it feel after?")
    question.get_by_label("Choice 1", exact=True).fill("Lighter")
    question.get_by_label("Choice 2", exact=True).fill("Guilty")
    question.get_by_role("button", name="Add a choice").click()
    staff.locator("#b-f2c2-label").fill("Both at once")
    # The feeling matters most: it goes first.
    staff.locator("#b-f2").get_by_role("button", name="Move up question 3").click()
    staff.locator("#b-f1").get_by_role("button", name="Move up question 2").click()
    expect(staff.locator("#b-f0 > legend")).to_contain_text("How did it feel after?")
    expect(preview.locator("legend").first).to_contain_text("How did it feel after?")

    # The Spanish version, typed beside the English; one word left out is named.
    staff.get_by_label("Título (in Spanish)").fill("Después de decir que no")
    spanish = {
        "f0-es_label": "¿Cómo se sintió después?",
        "f0c0-es_label": "Más liviano",
        "f0c1-es_label": "Culpable",
        "f0c2-es_label": "Las dos cosas a la vez",
        "f1-es_label": "¿A qué dijo que no?",
        "f2-es_label": "¿Qué tan difícil fue?",
        "f2-es_min_label": "Fácil",
    }
    for number in range(3):
        staff.locator(f"#b-f{number} .builder-spanish > summary").click()
    for input_name, words in spanish.items():
        staff.locator(f"#b-{input_name}").fill(words)
    staff.get_by_role("button", name="Save template").click()
    missing = "Question 3 “How hard was it?”, words for the highest number in Spanish: missing"
    expect(staff.get_by_text(missing).first).to_be_visible()
    expect(staff.locator("#b-f0c2-es_label")).to_have_value("Las dos cosas a la vez")
    staff.locator("#b-f2-es_max_label").fill("Muy difícil")
    staff.get_by_role("button", name="Save template").click()
    expect(staff.get_by_text("Template saved.")).to_be_visible()
    template = db.session.scalars(db.select(HomeworkTemplate)).one()
    assert [f.key for f in parse_fields(template.fields)] == [
        "how_did_it_feel_after",
        "what_did_you_say_no_to",
        "how_hard_was_it",
    ]

    # Assign it, due before the second meeting, chosen by its date.
    staff.get_by_role("link", name=f"Assign to {hw.cohort.name}").click()
    expect(staff.get_by_label("Template")).to_have_value(f"own:{template.id}")
    second = sorted(hw.world.meetings(), key=lambda m: m.starts_at)[1]
    day = format_date(second.starts_at, hw.cohort.timezone)
    staff.get_by_label("Before a meeting").check()
    staff.get_by_label("Meeting", exact=True).select_option(label=f"{day}: {second.topic}")
    staff.get_by_role("button", name="Assign").click()
    expect(staff.get_by_text("assigned to 2 members.")).to_be_visible()
    assignment = db.session.scalars(db.select(Assignment)).one()
    assert (assignment.due_meeting_id, assignment.template_version) == (second.id, 1)

    # The participant answers on a phone.
    phone = _homework_on_a_phone(new_page, hw.alice, "After saying no")
    phone.get_by_label("Both at once").check()
    phone.get_by_label("What did you say no to?").fill("Hosting the family lunch again.")
    phone.locator('input[name="how_hard_was_it"][value="7"]').check()
    _hand_in(phone, "Submit", "Submitted.")

    # A participant who chose Spanish answers the same questions in Spanish.
    hw.bob.locale = "es"
    db.session.commit()
    spanish_phone = _homework_on_a_phone(new_page, hw.bob, "Después de decir que no")
    spanish_phone.get_by_label("Las dos cosas a la vez").check()
    spanish_phone.get_by_label("¿A qué dijo que no?").fill("Organizar otra vez la comida.")
    expect(spanish_phone.get_by_text("Muy difícil")).to_be_visible()
    _hand_in(spanish_phone, "Entregar", "Entregada.")

    # The facilitator reviews it.
    staff.goto("/homework/review")
    staff.get_by_role("link", name="After saying no").first.click()
    expect(staff.get_by_text("Hosting the family lunch again.")).to_be_visible()
    expect(staff.get_by_text("Both at once")).to_be_visible()
    staff.get_by_label("Closing note (optional)").fill("Thank you for trying it.")
    staff.get_by_role("button", name="Mark reviewed").click()
    expect(staff.get_by_text("Marked reviewed.")).to_be_visible()
    db.session.expire_all()
    submission = db.session.scalars(
        db.select(Submission).where(Submission.user_id == hw.alice.id)
    ).one()
    assert submission.status == "reviewed"
    assert submission.answers["how_hard_was_it"] == 7
    in_spanish = db.session.scalars(
        db.select(Submission).where(Submission.user_id == hw.bob.id)
    ).one()
    # Both chose "Both at once": stored under the same value, whatever the language.
    assert in_spanish.answers["how_did_it_feel_after"] == "both_at_once"
    assert submission.answers["how_did_it_feel_after"] == "both_at_once"
    staff.goto(f"/homework/{in_spanish.id}/review")
    expect(staff.get_by_text("Organizar otra vez la comida.")).to_be_visible()
    expect(staff.get_by_text("What did you say no to?")).to_be_visible()


def _homework_on_a_phone(new_page, user, title: str):  # type: ignore[no-untyped-def]
    """``user`` signed in on a phone, on the homework called ``title``."""
    phone = new_page(**PHONE)
    browser_login(phone, user.email)
    phone.goto("/homework/")
    phone.get_by_role("link", name=title).click()
    return phone


def _hand_in(phone, button: str, done: str) -> None:  # type: ignore[no-untyped-def]
    """Nothing sticks out sideways; hand in with ``button`` and see ``done``."""
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name=button).click()
    expect(phone.get_by_text(done)).to_be_visible()


def test_a_copy_with_its_spanish_version_fits_a_phone(factories, new_page):  # type: ignore[no-untyped-def]
    hw = build(factories)
    phone = new_page(**PHONE)
    browser_login(phone, hw.facilitator.email)
    phone.goto("/homework/templates/builtin:dear-man-planner")
    phone.get_by_role("button", name="Copy and edit").click()
    # The built-in's Spanish came along: each question's Spanish words are open to read.
    expect(phone.get_by_label("Título (in Spanish)")).to_have_value(
        "Plan de guion DEAR MAN (copia)"
    )
    expect(phone.locator("#b-f0-es_label")).to_have_value("La conversación que estoy planeando")
    expect(phone.locator("#b-f0-es_label")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
