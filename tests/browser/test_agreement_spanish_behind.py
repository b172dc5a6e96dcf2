"""A facilitator edits the group agreement in Chromium, whose textareas send line breaks
as CRLF: changing only the English marks the Spanish as behind, and a Spanish version
sent back unchanged is not taken for a new one."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from groupapp.cohorts import services
from groupapp.cohorts.agreement import SPANISH, translation
from groupapp.db import db
from tests.cohorts.builders import make_cohort
from tests.conftest import DESKTOP, browser_login

pytestmark = pytest.mark.browser

STALE = "The Spanish version was last changed before the English one."


def test_changing_only_the_english_marks_the_spanish_as_behind(factories, new_page):  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    page = new_page(**DESKTOP)
    browser_login(page, world.facilitator.email)
    page.goto(f"/cohorts/{world.cohort.id}/agreement")
    expect(page.get_by_text(STALE)).to_have_count(0)
    english = page.get_by_label("Group agreement", exact=True)
    english.fill(english.input_value() + "\n\nPhones\nWe keep phones on silent.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(
        page.get_by_text("The Spanish version was not changed with the English: update it too.")
    ).to_be_visible()

    page.goto(f"/cohorts/{world.cohort.id}/agreement")
    expect(page.get_by_text(STALE)).to_be_visible()
    db.session.expire_all()
    saved = services.current_agreement(world.cohort)
    assert "\r" not in saved.text
    assert "\r" not in translation(saved, SPANISH)

    spanish = page.get_by_label("Spanish version (optional)")
    spanish.fill(spanish.input_value() + "\n\nTeléfonos\nLos tenemos en silencio.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Agreement saved as version 3.")).to_be_visible()
    page.goto(f"/cohorts/{world.cohort.id}/agreement")
    expect(page.get_by_role("heading", name="Group agreement")).to_be_visible()
    expect(page.get_by_text(STALE)).to_have_count(0)
