"""In a real browser: a facilitator starts a cohort from a built-in program and invites a
participant, who accepts through the emailed link and sees the next meeting in their zone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from groupapp.core.timezones import format_for_viewer
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from tests.conftest import DESKTOP, PHONE, browser_login
from tests.support.smtp import body_text

pytestmark = pytest.mark.browser

PASSWORD = "a calm evening with friends"


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_cohort_from_builtin_program_to_participant_next_meeting(
    new_page, factories, smtp_server, device
) -> None:  # type: ignore[no-untyped-def]
    facilitator = factories.user("facilitator", name="Maya Okafor", timezone="America/New_York")
    staff = new_page(**device)
    browser_login(staff, facilitator.email)

    staff.goto("/programs")
    builtin = staff.locator("li.card", has_text="Codependency recovery").first
    builtin.get_by_role("link", name="Start a cohort").click()
    staff.get_by_label("Cohort name").fill("Tuesday evening group")
    tomorrow = utcnow().date().isoformat()
    staff.get_by_label("First meeting on or after").fill(tomorrow)
    staff.get_by_label("Tuesday").check()
    staff.get_by_label("Local start time").fill("18:00")
    staff.get_by_label("Time zone of the meetings").select_option("America/New_York")
    staff.get_by_label("Status").select_option("active")
    staff.get_by_role("button", name="Create cohort").click()
    expect(staff.get_by_text("Cohort created with 12 meetings.")).to_be_visible()

    staff.get_by_role("link", name="Invite a participant").click()
    staff.get_by_label("Participant's email").fill("robin@example.com")
    staff.get_by_role("button", name="Send invitation").click()
    expect(staff.get_by_text("Invitation sent to robin@example.com.")).to_be_visible()

    [message] = smtp_server.wait_for(1)
    link = re.search(r"https?://\S+/invitations/\S+", body_text(message))
    assert link, body_text(message)

    member = new_page(**device)
    member.goto(link.group(0))
    member.get_by_label("Your name as the group will see it").fill("Robin")
    member.get_by_label("Your time zone").select_option("Europe/London")
    member.get_by_label("New password").fill(PASSWORD)
    member.get_by_label("Repeat the password").fill(PASSWORD)
    member.get_by_role("button", name="Create my account").click()
    expect(member.get_by_text("Welcome, Robin.")).to_be_visible()

    member.goto("/my/meetings")
    member.get_by_role("link", name="Read the group agreement and join").click()
    expect(member.get_by_text("Confidentiality").first).to_be_visible()
    member.get_by_role("button", name="I accept the agreement and join").click()
    expect(member.get_by_text("Welcome to Tuesday evening group.")).to_be_visible()

    next_meeting = member.locator("section.next-meeting")
    expect(next_meeting).to_be_visible()
    first = db.session.scalars(sa.select(Meeting).order_by(Meeting.starts_at)).first()
    expected = format_for_viewer(first.starts_at, "Europe/London")
    next_meeting = member.locator("section.next-meeting")
    expect(next_meeting.get_by_text(expected)).to_be_visible()
    assert "(Europe/London)" in expected
    assert first.topic in next_meeting.inner_text()
    # 6 pm in New York, seen from London: the wall clock differs, the zone is named.
    assert "6:00 pm" not in expected

    # The meeting has begun (attendance is only taken for meetings that have started);
    # the facilitator marks the new member in two clicks.
    length = first.ends_at - first.starts_at
    first.starts_at = utcnow() - timedelta(minutes=5)
    first.ends_at = first.starts_at + length
    db.session.commit()
    staff.goto(f"/meetings/{first.id}/attendance")
    staff.get_by_role("button", name="Mark everyone not yet marked present").click()
    expect(staff.get_by_label("Present")).to_be_checked()
    staff.get_by_role("button", name="Save attendance").click()
    expect(staff.get_by_text("Attendance saved (1 changed).")).to_be_visible()
