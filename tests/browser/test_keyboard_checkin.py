"""A participant answers a check-in with the keyboard alone: skip link, navigation,
radio groups and the submit button, with a visible focus ring at every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from groupapp.core.timezones import to_local
from groupapp.db import utcnow
from tests.assessments.groups import make_group
from tests.conftest import DESKTOP
from tests.support.factories import Factories

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', text: (el.textContent || '').trim(),
    label: el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '',
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def tab_to(page, matches, limit: int = 80) -> dict:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element ``matches``; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["ring"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached the element by Tab")


def press_and_load(page, key: str) -> None:  # type: ignore[no-untyped-def]
    """Press ``key`` on a link or button that opens the next page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_check_in_from_sign_in_to_score_without_a_mouse(new_page, factories):
    today = to_local(utcnow(), "UTC").date()
    group = make_group(factories, joined_on=today)
    page = new_page(**DESKTOP)

    page.goto("/login")
    tab_to(page, lambda f: f["type"] == "email")
    page.keyboard.type(group.member.email)
    tab_to(page, lambda f: f["type"] == "password")
    page.keyboard.type(Factories.PASSWORD)
    press_and_load(page, "Enter")

    # The skip link comes first and takes the keyboard past the navigation.
    focused = tab_to(page, lambda f: True, limit=1)
    assert focused["text"] == "Skip to content"
    expect(page.locator(".skip-link")).to_be_in_viewport()

    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Check-ins")
    press_and_load(page, "Enter")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Start PHQ-9")
    press_and_load(page, "Enter")
    expect(page.get_by_text("0 of 10 answered")).to_be_visible()

    # Each question is one stop: Tab into the group, arrows choose within it.
    for _ in range(9):
        tab_to(page, lambda f: f["type"] == "radio")
        page.keyboard.press("ArrowDown")  # "Several days" (the arrow also selects it)
    expect(page.get_by_text("9 of 10 answered")).to_be_visible()
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Submit")
    press_and_load(page, "Enter")
    expect(page.get_by_text("Mild").first).to_be_visible()  # 9 x "several days" = 9
