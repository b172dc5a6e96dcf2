"""In a real browser: a participant answers a check-in with a risk answer and sees the
crisis notice; a facilitator sees the alert, acknowledges it and opens the charts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from groupapp.core.timezones import to_local
from groupapp.db import utcnow
from tests.assessments.groups import make_group
from tests.conftest import DESKTOP, PHONE, browser_login

pytestmark = pytest.mark.browser


def test_risk_answer_to_acknowledged_alert_and_charts(new_page, factories):
    today = to_local(utcnow(), "UTC").date()
    group = make_group(factories, joined_on=today)

    phone = new_page(**PHONE)
    browser_login(phone, group.member.email)
    phone.goto("/assessments/check-ins")
    phone.get_by_role("link", name="Start PHQ-9").click()
    expect(phone.get_by_text("0 of 10 answered")).to_be_visible()
    for n in range(1, 9):
        phone.locator(f"#q-q{n}").get_by_label("Several days").check()
    phone.locator("#q-q9").get_by_label("More than half the days").check()
    expect(phone.get_by_text("9 of 10 answered")).to_be_visible()
    phone.get_by_role("button", name="Submit").click()
    notice = phone.get_by_role("alert").filter(has_text="Support is available now")
    expect(notice).to_be_visible()
    expect(notice.get_by_text("Samaritans: call 116 123")).to_be_visible()
    expect(phone.get_by_text("Moderate").first).to_be_visible()  # 8 + 2 = 10

    desk = new_page(**DESKTOP)
    browser_login(desk, group.co.email)
    desk.get_by_role("link", name="1 open risk alert in your groups").click()
    desk.get_by_role("link", name="Open and acknowledge").click()
    expect(desk.get_by_text("More than half the days")).to_be_visible()
    desk.get_by_label("Note for your co-facilitators").fill("Phoned Robin at 3pm; safe, seeing GP.")
    desk.get_by_role("button", name="Acknowledge").click()
    expect(desk.get_by_text("Alert acknowledged")).to_be_visible()
    expect(desk.get_by_text("No open alerts.")).to_be_visible()

    desk.get_by_role("link", name="Check-ins", exact=True).click()
    desk.get_by_role("link", name="Progress").first.click()
    desk.get_by_role("link", name="Robin Member").click()
    # The chart is drawn for a wide screen and for a phone; the laptop shows the wide one.
    # The page also draws the member's timeline (check-ins, observations, goals on one
    # axis); this is the questionnaire's own chart with its bands.
    chart = desk.locator("svg.progress-chart.chart-wide:not(.timeline)")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.score-point.flagged")).to_have_count(1)
    expect(chart.locator("rect.band")).to_have_count(5)
    expect(desk.get_by_text("Robin Member's first PHQ-9 score is 10.")).to_be_visible()
