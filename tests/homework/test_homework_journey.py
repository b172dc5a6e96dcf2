"""A real browser: draft, lost session, text found again, submit, feedback read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from groupapp.db import db
from groupapp.homework.models import Submission
from groupapp.homework.services import Due
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_draft_survives_a_lost_session_and_feedback_reaches_the_participant(hw, new_page):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    page = new_page()
    browser_login(page, hw.alice.email)
    page.goto("/homework/")
    # The page's scripts run at the end of its body: type only once it has loaded.
    with page.expect_navigation():
        page.get_by_role("link", name="Thought record").click()

    # Typing is saved to the server by the page's script.
    page.locator("#hw-situation").fill("Mum asked me to drive her on Saturday,\nmy only free day.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=30_000)

    # The session ends (cookies gone); the next words cannot reach the server...
    page.context.clear_cookies()
    page.locator("#hw-automatic_thought").fill("If I say no I am a bad daughter.")
    expect(page.locator("#autosave-status")).to_contain_text("kept on this device", timeout=30_000)

    # ...but after signing in again everything typed is on the page.
    browser_login(page, hw.alice.email)
    page.goto(f"/homework/{sub.id}")
    expect(page.locator(".hw-restored")).to_be_visible()
    expect(page.locator("#hw-situation")).to_have_value(
        "Mum asked me to drive her on Saturday,\nmy only free day."
    )
    expect(page.locator("#hw-automatic_thought")).to_have_value("If I say no I am a bad daughter.")

    # A first submit misses answers: the errors name them and no text is lost.
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".error-summary")).to_contain_text("Emotion: please fill this in")
    expect(page.locator("#hw-automatic_thought")).to_have_value("If I say no I am a bad daughter.")
    page.locator("#hw-emotion").fill("guilty")
    page.locator('input[name="intensity"][value="8"]').check()
    page.locator("#hw-evidence_for").fill("She sounded disappointed last time.")
    page.locator("#hw-evidence_against").fill("She has other people who can drive.")
    page.locator("#hw-balanced_thought").fill("I can love her and keep one day for myself.")
    page.locator('input[name="intensity_after"][value="4"]').check()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted. You can still change it")).to_be_visible()
    # Once the server has it, nothing of the text is left in this browser's storage.
    # (The page's script clears it when it runs, which may be just after the text shows.)
    stored = "Object.keys(localStorage).filter(k => k.startsWith('groupapp-homework'))"
    page.wait_for_load_state("load")
    page.wait_for_function(f"() => {stored}.length === 0", timeout=10_000)
    assert page.evaluate(stored) == []

    # The facilitator reads it in the review queue and comments.
    staff = new_page()
    browser_login(staff, hw.facilitator.email)
    staff.goto("/homework/review")
    staff.get_by_role("link", name="Thought record").click()
    expect(staff.get_by_text("If I say no I am a bad daughter.")).to_be_visible()
    staff.get_by_label("Comment").fill("Noticing the guilt is the first step.\nWell done.")
    staff.get_by_role("button", name="Add comment").click()
    expect(staff.get_by_text("Comment added.")).to_be_visible()

    # The participant reads the comment.
    page.goto("/homework/")
    page.get_by_role("link", name="Thought record").click()
    expect(page.locator(".hw-feedback")).to_contain_text("Noticing the guilt is the first step.")
    expect(page).to_have_url(re.compile(rf"/homework/{sub.id}$"))


def test_text_survives_server_errors_on_save_and_submit(hw, new_page):  # type: ignore[no-untyped-def]
    from tests.conftest import PHONE

    sub = hw.submission(hw.give(due=Due()), hw.alice)
    page = new_page(**PHONE)
    browser_login(page, hw.alice.email)

    def broken(route):  # type: ignore[no-untyped-def]
        if route.request.method == "POST":
            route.fulfill(status=500, body="Internal Server Error", content_type="text/html")
        else:
            route.continue_()

    page.route(re.compile(rf".*/homework/{sub.id}(/draft)?$"), broken)
    page.goto(f"/homework/{sub.id}")
    page.locator("#hw-situation").fill("Typed while the server was failing.")
    expect(page.locator("#autosave-status")).to_contain_text("kept on this device", timeout=30_000)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Internal Server Error")).to_be_visible()

    page.unroute(re.compile(rf".*/homework/{sub.id}(/draft)?$"))
    page.goto(f"/homework/{sub.id}")
    expect(page.locator("#hw-situation")).to_have_value("Typed while the server was failing.")
    # Restored text goes on to the server by itself.
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=30_000)
    db.session.expire_all()
    assert (
        db.session.get(Submission, sub.id).draft["situation"]
        == "Typed while the server was failing."
    )
