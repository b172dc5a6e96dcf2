"""An admin edits the intake form in the question builder (phone and desktop), a refused
publish keeps what was typed, and a member then answers the new question."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from groupapp.db import db
from groupapp.intake import services
from tests.cohorts.builders import enrol, make_cohort
from tests.conftest import DESKTOP, PHONE, browser_login

pytestmark = pytest.mark.browser
ADDED = 16  # the built-in form has 15 questions


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_add_move_remove_refuse_publish_and_a_member_answers(  # type: ignore[no-untyped-def]
    app, factories, new_page, viewport
) -> None:
    world = make_cohort(factories)
    member = enrol(world, factories, 1)[0]
    admin = factories.user("admin", org=world.org)
    org_id, cohort_id, member_email = world.org.id, world.cohort.id, member.email
    db.session.commit()
    staff = new_page(**viewport)
    browser_login(staff, admin.email)
    staff.goto("/intake/form")
    expect(staff.locator(".builder-question")).to_have_count(ADDED - 1)

    # Add: the new question's text box has the focus, ready to type.
    staff.get_by_label("Type of the new question").select_option(label="Single choice")
    staff.get_by_role("button", name="Add a question").click()
    question = staff.locator(f"#b-f{ADDED - 1}")
    label = question.get_by_label("Question as the participant reads it")
    expect(label).to_be_focused()
    label.fill("How did you hear about the group?")
    question.get_by_label("Choice 1", exact=True).fill("A friend")
    question.get_by_label("Choice 2", exact=True).fill("My doctor")

    # Move it up: the focus follows it to its new place.
    question.get_by_role("button", name=f"Move up question {ADDED}").click()
    moved = staff.locator(f"#b-f{ADDED - 2}")
    expect(moved.get_by_role("button", name=f"Move up question {ADDED - 1}")).to_be_focused()
    expect(moved.locator("> legend")).to_contain_text("How did you hear about the group?")

    # Remove the first question.
    staff.locator("#b-f0").get_by_role("button", name="Remove question 1").click()
    expect(staff.locator(".builder-question")).to_have_count(ADDED - 1)
    expect(staff.locator("#b-f0 > legend")).to_contain_text("What would you like to be different")

    # A refused publish names the question and keeps everything typed.
    staff.locator("#b-f0").get_by_label("Help text (optional)").fill("Typed, and kept.")
    staff.locator("#b-f1").get_by_label("Question as the participant reads it").fill("")
    staff.get_by_role("button", name="Publish a new version").click()
    expect(staff.locator("#b-f1-label-error")).to_contain_text("Question 2")
    expect(staff.locator("#b-f1-label")).to_have_attribute("aria-invalid", "true")
    expect(staff.locator("#b-f0-help")).to_have_value("Typed, and kept.")
    expect(staff.locator(f"#b-f{ADDED - 3}-label")).to_have_value(
        "How did you hear about the group?"
    )
    if viewport is PHONE:
        assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    staff.locator("#b-f1-label").fill("Which relationships are on your mind as you start?")
    staff.get_by_role("button", name="Publish a new version").click()
    expect(staff.get_by_text("Intake form version 2 published.")).to_be_visible()
    db.session.expire_all()
    keys = [f.key for f in services.current_form(org_id).field_list()]
    assert "how_did_you_hear_about_the_group" in keys
    assert "what_brings_you" not in keys

    # The member answers the new question on a phone.
    phone = new_page(**PHONE)
    browser_login(phone, member_email)
    phone.goto(f"/cohorts/{cohort_id}/intake")
    group = phone.get_by_role("group", name="How did you hear about the group?")
    group.get_by_label("My doctor").check()
    phone.get_by_role("button", name="Save and finish later").click()
    expect(phone.get_by_text("Saved.")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    db.session.expire_all()
    response = services.find_response(cohort_id, member.id)
    assert response is not None
    assert response.draft is not None
    assert response.draft["how_did_you_hear_about_the_group"] == "my_doctor"
