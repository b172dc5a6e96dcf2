"""Two-factor setup in Chromium: the key scanned first keeps working after a wrong code,
a reload and a new sign-in, until the setup succeeds."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def _key(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("code").first.inner_text().strip()


def test_a_wrong_code_keeps_the_scanned_key_until_setup_succeeds(new_page, factories):
    facilitator = factories.user("facilitator", name="Noor Haddad")
    page = new_page()
    browser_login(page, facilitator.email)
    page.goto("/account/two-factor")
    assert page.locator("figure.qr svg").is_visible()
    scanned = _key(page)

    page.get_by_role("textbox", name="Code").fill("000000")
    page.get_by_role("button", name="Turn on").click()
    # The answer is a new page: wait for it (is_visible alone reads the page being left).
    expect(page.get_by_text("That code did not match")).to_be_visible()
    assert "clock" not in page.locator("main").inner_text().lower()
    assert _key(page) == scanned

    page.reload()
    assert _key(page) == scanned
    page.get_by_text("Noor Haddad").click()  # the person's own menu holds "Sign out"
    page.get_by_role("button", name="Sign out").click()
    browser_login(page, facilitator.email)
    page.goto("/account/two-factor")
    assert _key(page) == scanned

    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(scanned).now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("recovery", exact=False).first).to_be_visible()
