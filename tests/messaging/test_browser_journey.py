"""In a real browser: a participant writes to the facilitators from a phone, a
facilitator answers, and the participant sees the answer and the unread count."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import DESKTOP, PHONE, browser_login
from tests.support.smtp import body_text

pytestmark = pytest.mark.browser

QUESTION = "I may be late on Thursday because of work. Is that all right?"
ANSWER = "Of course. Come in quietly and join when you arrive."


def test_a_private_message_and_its_answer(new_page, factories, smtp_server) -> None:  # type: ignore[no-untyped-def]
    org = factories.org()
    facilitator = factories.user("facilitator", org=org, name="Maya Okafor")
    member = factories.user("participant", org=org, name="Robin Hale")
    factories.cohort(org, [facilitator], [member], name="Thursday group")

    phone = new_page(**PHONE)
    browser_login(phone, member.email)
    phone.goto("/my/meetings")
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="Messages").click()
    phone.get_by_role("link", name="Write to your facilitators").click()
    expect(phone.get_by_text("not watched around the clock").first).to_be_visible()
    phone.get_by_label("Subject").fill("Arriving late")
    phone.get_by_label("Message", exact=True).fill(QUESTION)
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("Message sent to your facilitators.")).to_be_visible()

    [mail] = smtp_server.wait_for(1)
    assert mail["Subject"] == "You have a new message in groupapp"
    assert QUESTION not in mail.as_string()
    link = re.search(r"https?://\S+/messages/\d+", body_text(mail))
    assert link, body_text(mail)

    staff = new_page(**DESKTOP)
    browser_login(staff, facilitator.email)
    staff.goto(link.group(0))
    expect(staff.get_by_text(QUESTION)).to_be_visible()
    expect(staff.get_by_text("Robin Hale").first).to_be_visible()
    staff.get_by_label("Your message").fill(ANSWER)
    staff.get_by_role("button", name="Send").click()
    expect(staff.get_by_text("Message sent.")).to_be_visible()

    phone.goto("/my/meetings")
    phone.get_by_role("button", name="Menu").click()
    unread = phone.get_by_role("link", name=re.compile(r"Messages 1 unread"))
    expect(unread).to_be_visible()
    unread.click()
    phone.get_by_role("link", name="Arriving late").click()
    expect(phone.get_by_text(ANSWER)).to_be_visible()
    expect(phone.get_by_text("Maya Okafor", exact=True)).to_be_visible()
    # The member's own question shows that the facilitator has read it.
    expect(phone.get_by_text("Read by Maya Okafor")).to_be_visible()
    phone_width = phone.evaluate("document.documentElement.scrollWidth")
    assert phone_width <= 390
