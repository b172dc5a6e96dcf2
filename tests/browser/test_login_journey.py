"""Signing in and out in a real browser, on a desktop and on a phone."""

from __future__ import annotations

import pytest

from tests.conftest import DESKTOP, PHONE, browser_login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_sign_in_and_out(new_page, factories, device):
    user = factories.user("facilitator", name="Maya Okafor")
    page = new_page(**device)
    page.goto("/")
    assert "/login" in page.url
    browser_login(page, user.email, "definitely the wrong password")
    assert page.get_by_text("do not match an active account").is_visible()

    browser_login(page, user.email)
    assert page.get_by_role("heading", name="Your cohorts").is_visible()
    if device is PHONE:
        page.get_by_role("button", name="Menu").click()
    page.get_by_text(f"Your account: {user.display_name}").click()  # holds "Sign out"
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You are signed out.").is_visible()
    page.goto("/home")
    assert "/login" in page.url
