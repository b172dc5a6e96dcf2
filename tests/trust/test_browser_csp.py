"""In a real browser, every page works under the strict Content-Security-Policy (no
violation is reported), and the privacy journey works end to end."""

from __future__ import annotations

from typing import Any

import pytest

from groupapp.db import db
from groupapp.privacy.services import publish_notice
from tests.browser.crawl import session_cookie, use_session
from tests.conftest import browser_login
from tests.trust.tables import pages_to_visit

pytestmark = pytest.mark.browser


def _watch_for_violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


def test_no_page_breaks_the_content_security_policy(app, factories, new_page, live_server):
    page = new_page()
    seen = _watch_for_violations(page)
    visited = 0
    violations: list[str] = []
    for endpoint, path, world, actor in pages_to_visit(app, factories):
        # Signed in by cookie: the login page is not what is checked here (its own
        # violations would not be counted), and a form sign-in per page costs a password hash.
        use_session(page.context, live_server, session_cookie(app, world.users[actor]))
        before = len(seen)
        page.goto(path)
        page.wait_for_load_state("load")
        visited += 1
        violations += [f"{endpoint}: {text}" for text in seen[before:]]
    assert visited > 10
    assert violations == []


def test_participant_accepts_the_notice_sees_and_downloads_their_data(
    factories, new_page, live_server
):
    org = factories.org()
    admin = factories.user("admin", org=org)
    sam = factories.user("participant", org=org, name="Sam Rivera")
    publish_notice(admin, "We keep your answers private to your facilitators.")
    db.session.commit()
    page = new_page()
    seen = _watch_for_violations(page)
    browser_login(page, sam.email)
    assert "/privacy/notice" in page.url
    assert page.get_by_text("We keep your answers private").is_visible()
    page.get_by_role("button", name="I have read and accept this notice").click()
    page.goto("/privacy/my-data")
    assert page.get_by_role("heading", name="Everything groupapp holds about you").is_visible()
    assert page.get_by_text("Sam Rivera").first.is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download it as a file (JSON)").click()
    assert download.value.suggested_filename == "my-groupapp-data.json"
    assert seen == []
