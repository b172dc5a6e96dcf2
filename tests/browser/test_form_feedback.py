"""What a form tells the person using it: the error summary takes focus and its links put
the cursor in the field; a destructive button asks first, in a dialog with a script and on
a page without one; a slow form rests its button and says it is working."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from groupapp.cohorts.models import Membership
from groupapp.db import db
from tests.assessments.groups import make_group
from tests.conftest import DESKTOP, browser_login

pytestmark = pytest.mark.browser

ACTIVE = "() => document.activeElement.id || document.activeElement.className"


def _status(membership_id: int) -> str:
    db.session.expire_all()
    membership = db.session.get(Membership, membership_id)
    assert membership is not None
    return membership.status


def test_the_error_summary_takes_focus_and_leads_to_the_field(new_page, factories):
    group = make_group(factories)
    page = new_page(**DESKTOP)
    browser_login(page, group.lead.email)
    page.goto(f"/cohorts/{group.cohort.id}/invite")
    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("email: This field is required")
    summary.get_by_role("link").first.click()
    expect(page.locator("#email")).to_be_focused()


def test_removing_a_member_asks_in_a_dialog_with_a_script(new_page, factories):
    group = make_group(factories)
    membership = db.session.query(Membership).filter_by(user_id=group.other_member.id).one()
    page = new_page(**DESKTOP)
    browser_login(page, group.lead.email)
    page.goto(f"/cohorts/{group.cohort.id}")
    row = (
        page.get_by_role("row").filter(has_text="Sam Other").filter(has=page.get_by_role("button"))
    )

    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Remove").click()
    assert _status(membership.id) == "active"

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        row.get_by_role("button", name="Remove").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(".confirm-step")).to_have_count(0)
    assert _status(membership.id) == "removed"


def test_removing_a_member_asks_on_a_page_without_a_script(new_page, factories):
    group = make_group(factories)
    membership = db.session.query(Membership).filter_by(user_id=group.other_member.id).one()
    page = new_page(java_script_enabled=False, **DESKTOP)
    browser_login(page, group.lead.email)
    page.goto(f"/cohorts/{group.cohort.id}")
    row = (
        page.get_by_role("row").filter(has_text="Sam Other").filter(has=page.get_by_role("button"))
    )
    row.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Remove Sam Other from {group.cohort.name}?"
    )
    assert _status(membership.id) == "active"
    page.get_by_role("button", name="Remove from the cohort").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert _status(membership.id) == "removed"


def test_a_slow_form_rests_its_button_and_says_it_is_working(new_page, factories):
    group = make_group(factories)
    page = new_page(**DESKTOP)
    browser_login(page, group.lead.email)
    page.goto(f"/cohorts/{group.cohort.id}/invite")
    # The server's answer is "no content", so the page stays as the person sees it while
    # the work goes on.
    sent = []

    def no_content(route):  # type: ignore[no-untyped-def]
        if route.request.method != "POST":
            return route.continue_()
        sent.append(route.request.post_data)
        return route.fulfill(status=204)

    page.route("**/invite", no_content)
    page.locator("#email").fill("new.member@example.com")
    button = page.get_by_role("button", name="Send invitation")
    button.click()
    # While the server works, the button rests and a live region says so.
    expect(button).to_be_disabled()
    expect(page.get_by_role("status").filter(has_text="Sending the invitation")).to_be_visible()
    expect(page.locator("form[aria-busy=true]")).to_have_count(1)
    assert len(sent) == 1
    assert "new.member%40example.com" in sent[0]
