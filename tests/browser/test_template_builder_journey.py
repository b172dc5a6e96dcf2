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
    expect(staff.get_by_text("assigned to 2 member(s)")).to_be_visible()
    assignment = db.session.scalars(db.select(Assignment)).one()
    assert (assignment.due_meeting_id, assignment.template_version) == (second.id, 1)

    # The participant answers on a phone.
    phone = new_page(**PHONE)
    browser_login(phone, hw.alice.email)
    phone.goto("/homework/")
    phone.get_by_role("link", name="After saying no").click()
    phone.get_by_label("Both at once").check()
    phone.get_by_label("What did you say no to?").fill("Hosting the family lunch again.")
    phone.locator('input[name="how_hard_was_it"][value="7"]').check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Submit").click()
    expect(phone.get_by_text("Submitted.")).to_be_visible()

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
