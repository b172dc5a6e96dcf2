"""In a real browser on a phone: a participant invites a support person, who accepts the
emailed link and sees only the meeting schedule; the participant sees that in the log and
revokes, and the support person is signed out at once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from tests.conftest import PHONE, browser_login
from tests.support.smtp import body_text
from tests.trust.world import build_world

pytestmark = pytest.mark.browser

PASSWORD = "steady steps every single week"


def test_participant_invites_a_support_person_who_sees_only_the_schedule_then_revokes(
    new_page, factories, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    world = build_world(factories)
    start = utcnow() + timedelta(days=3)
    db.session.add(
        Meeting(
            cohort_id=world.cohort.id,
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            local_start=start.strftime("%Y-%m-%dT%H:%M"),
            topic="Holding boundaries under pressure",
        )
    )
    db.session.commit()
    participant = world.same_cohort_participant

    me = new_page(**PHONE)
    browser_login(me, participant.email)
    me.goto("/my/support")
    me.get_by_label("Their email address").fill("sponsor@example.org")
    me.get_by_role("button", name="Send the invitation").click()
    expect(me.get_by_text("An invitation is on its way to sponsor@example.org.")).to_be_visible()

    [message] = smtp_server.wait_for(1)
    assert "support person" in body_text(message)
    link = re.search(r"https?://\S+/invitations/\S+", body_text(message))
    assert link, body_text(message)

    sponsor = new_page(**PHONE)
    sponsor.goto(link.group(0))
    sponsor.get_by_label(f"Your name as {participant.display_name} will see it").fill("Jo")
    sponsor.get_by_label("Your time zone").select_option("Europe/London")
    sponsor.get_by_label("New password").fill(PASSWORD)
    sponsor.get_by_label("Repeat the password").fill(PASSWORD)
    sponsor.get_by_role("button", name="Create my account").click()
    sponsor.goto("/support")
    expect(sponsor.get_by_role("heading", name=participant.display_name)).to_be_visible()
    expect(sponsor.get_by_text("Holding boundaries under pressure")).to_be_visible()
    expect(sponsor.get_by_text("Homework they shared")).to_have_count(0)
    assert sponsor.goto("/my/meetings").status == 404

    me.goto("/my/support")
    expect(me.get_by_text("your meeting schedule").first).to_be_visible()
    me.get_by_role("button", name="Revoke access").click()
    me.get_by_role("button", name="Revoke access").click()
    expect(me.get_by_text("Access revoked.")).to_be_visible()

    sponsor.goto("/support")
    expect(sponsor).to_have_url(re.compile(r"/login"))
