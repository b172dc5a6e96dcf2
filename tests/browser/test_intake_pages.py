"""The intake pages fit a phone and a laptop and pass axe-core, with and without problems."""

from __future__ import annotations

import pytest

from groupapp.db import db
from tests.browser.crawl import VIEWPORTS, crawl_table
from tests.cohorts.builders import enrol, make_cohort
from tests.conftest import browser_login
from tests.intake.access_table import ACCESS

pytestmark = pytest.mark.browser
PHONE = VIEWPORTS["phone"]


def test_every_intake_page_fits_and_passes_axe(app, factories, crawler) -> None:
    crawl_table(app, factories, crawler, ACCESS)
    assert crawler.visited >= 4
    assert not crawler.failures, "\n".join(crawler.failures)


def test_a_member_answers_the_intake_on_a_phone_and_nothing_typed_is_lost(
    app, factories, new_page
) -> None:
    world = make_cohort(factories)
    member = enrol(world, factories, 1)[0]
    email, cohort_id = member.email, world.cohort.id
    db.session.commit()
    page = new_page(**PHONE)
    browser_login(page, email)
    page.goto("/my/meetings")
    page.get_by_role("link", name="Complete your intake").first.click()
    page.get_by_label("What brings you to this group now?").fill("Saying yes when I mean no.")
    page.get_by_role("button", name="Send to my facilitators").click()
    # Refused with every problem named; what was typed is still in the form.
    assert page.locator("[data-error-summary]").is_visible()
    assert "please fill this in" in page.content()
    assert page.get_by_label("What brings you to this group now?").input_value() == (
        "Saying yes when I mean no."
    )
    page.get_by_label("What would you like to be different").fill("Rest without guilt.")
    for question in ("long-lasting illness", "alcohol, drugs", "to show feelings"):
        group = page.get_by_role("group", name=question)
        group.get_by_label("I would rather not say").check()
    page.get_by_label("Emergency contact, name").fill("Sam")
    page.get_by_label("Emergency contact, phone number").fill("0123 456789")
    page.get_by_role("button", name="Send to my facilitators").click()
    page.wait_for_url("**/my/meetings")
    assert "Complete your intake" not in page.content()
    page.goto(f"/cohorts/{cohort_id}/intake")
    assert page.get_by_label("Emergency contact, name").input_value() == "Sam"
