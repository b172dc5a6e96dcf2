"""Goal and feedback pages fit a phone and a laptop and pass axe-core; a member sets a
goal, rates it and answers meeting feedback on a phone."""

from __future__ import annotations

import pytest

from groupapp.db import db
from tests.browser.crawl import VIEWPORTS, crawl_table, session_cookie
from tests.conftest import browser_login
from tests.feedback.access_table import ACCESS as FEEDBACK
from tests.feedback.builders import ended_meeting
from tests.goals.access_table import ACCESS as GOALS
from tests.goals.builders import open_checkin
from tests.trust.world import build_world

pytestmark = pytest.mark.browser
PHONE = VIEWPORTS["phone"]


def _tables() -> dict:  # type: ignore[type-arg]
    return {**GOALS, **FEEDBACK}


def test_every_goal_and_feedback_page_fits_and_passes_axe(app, factories, crawler) -> None:
    crawl_table(app, factories, crawler, _tables())
    assert crawler.visited >= 6
    assert not crawler.failures, "\n".join(crawler.failures)


def test_the_start_page_with_goal_and_feedback_panels_fits_and_passes_axe(
    app, factories, crawler
) -> None:
    world = build_world(factories)
    open_checkin(world)
    ended_meeting(world)
    crawler.sign_in(session_cookie(app, world.owner))
    crawler.visit("/my/meetings", "start page with goal and feedback panels")
    assert crawler.visited == 2
    assert not crawler.failures, "\n".join(crawler.failures)


def test_a_member_sets_and_rates_a_goal_and_answers_feedback_on_a_phone(
    app, factories, new_page
) -> None:
    world = build_world(factories)
    open_checkin(world)
    ended_meeting(world)
    email = world.owner.email
    db.session.commit()
    page = new_page(**PHONE)
    browser_login(page, email)
    page.goto("/my/meetings")
    page.get_by_role("link", name="Set your goals for").first.click()
    page.get_by_role("button", name="Save goal").click()
    assert page.locator("[data-error-summary]").is_visible()
    page.get_by_label("Your goal, in your own words").fill(
        "Say no to extra shifts without apologising twice"
    )
    page.get_by_role("button", name="Save goal").click()
    page.get_by_role("button", name="More than expected").first.click()
    assert (
        page.get_by_role("button", name="More than expected").first.get_attribute("aria-pressed")
        == "true"
    )
    history = page.locator("table.goal-history")
    assert "Baseline" in history.inner_text()
    assert "More than expected" in history.inner_text()

    # Feedback on the meeting that just ended: three taps, then send.
    page.goto("/my/meetings")
    page.get_by_role("link", name="Give feedback on").first.click()
    page.get_by_role("group", name="I felt heard").get_by_label("Mostly").check()
    page.get_by_role("button", name="Send feedback").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.get_by_role("group", name="I felt heard").get_by_label("Mostly").is_checked()
    page.get_by_role("group", name="The meeting was useful").get_by_label("Completely").check()
    page.get_by_role("group", name="I felt safe").get_by_label("Partly").check()
    page.get_by_label("One thing you would change").fill("A shorter opening round")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_url("**/my/meetings")
    assert "How was the meeting?" not in page.content()
