"""A facilitator completes the after-meeting screen for six members on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from groupapp.cohorts import meeting_services as meetings
from groupapp.db import db, utcnow
from groupapp.meetings.models import Attendance, Meeting
from groupapp.observations.models import MeetingRecord, MemberObservation
from groupapp.observations.services import load_sheet, save_sheet
from groupapp.observations.sheet import read_form
from tests.browser.crawl import VIEWPORTS, crawl_table, path_for, session_cookie
from tests.browser.test_page_crawl import TABLE
from tests.cohorts.builders import enrol, make_cohort
from tests.conftest import browser_login
from tests.observations.access_table import ACCESS, _met
from tests.observations.builders import CODEPENDENT, INTERDEPENDENT, ratings_form
from tests.trust.world import build_world

pytestmark = pytest.mark.browser
PHONE = VIEWPORTS["phone"]


def test_the_after_meeting_pages_fit_and_pass_axe(app, factories, crawler) -> None:
    crawl_table(app, factories, crawler, ACCESS)
    assert crawler.visited >= 2
    assert not crawler.failures, "\n".join(crawler.failures)


def test_progress_pages_with_observations_fit_and_pass_axe(app, factories, crawler) -> None:
    for endpoint in ("assessments.member_progress", "assessments.cohort_progress", "cohorts.index"):
        case = TABLE[endpoint]
        world = build_world(factories)
        values = case.values(world) if case.values else {}
        for n in range(2):  # two rated meetings, the second just ended
            meeting = db.session.get(Meeting, _met(world)["meeting_id"])
            sheet = load_sheet(meeting)
            fields = ratings_form(world.owner.id, 2 - n, 1 + n)
            save_sheet(sheet, read_form(MultiDict(fields), sheet.names()), world.facilitator)
            db.session.commit()
        crawler.sign_in(session_cookie(app, world.users["facilitator"]))
        crawler.visit(path_for(app, endpoint, values), f"{endpoint} with observations")
    assert crawler.visited == 6
    assert not crawler.failures, "\n".join(crawler.failures)


def test_a_facilitator_records_six_members_on_a_phone(app, factories, new_page) -> None:
    world = make_cohort(factories)
    people = enrol(world, factories, 6)
    ended = (utcnow() - timedelta(hours=3)).replace(second=0, microsecond=0)
    meeting = meetings.add_extra(world.cohort, ended, 90, "Saying no", None)
    db.session.commit()
    ids = [p.id for p in people]
    meeting_id, email = meeting.id, world.facilitator.email

    page = new_page(**PHONE)
    browser_login(page, email)
    # The start page offers the screen right after the meeting.
    page.get_by_role("link", name=f"{world.cohort.name}: Saying no").click()
    page.wait_for_url(f"**/meetings/{meeting_id}/after")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("What was covered").fill("Saying no at work and at home.")
    page.get_by_label("Anything to follow up").fill("Ask how the talk with the landlord went.")
    taps = 0
    for index, uid in enumerate(ids):
        if index == 5:  # rated by mistake, then marked absent: the rating is dropped
            page.locator(f"#rate-{uid}-control label", has_text="Often").click()
        status = "Absent" if index == 5 else "Present"
        page.locator(f"#status-{uid} label", has_text=status).click()
        taps += 1
        if index == 5:
            # Nobody rates a member who was not there: the ratings fold away.
            assert not page.locator(f"#rate-{uid}-caretaking").is_visible()
            continue
        for item in CODEPENDENT + INTERDEPENDENT:
            choice = "Once" if item in CODEPENDENT else "A few times"
            label = page.locator(f"#rate-{uid}-{item} label", has_text=choice)
            box = label.bounding_box()
            assert box is not None
            assert box["height"] >= 44
            label.click()
            taps += 1
        if index < 2:
            page.get_by_label(f"Private note about {people[index].display_name}").fill(
                "Named a limit without apologising."
            )
    assert taps == 5 * 9 + 6  # one tap per rating and per attendance mark
    # Saved as it goes: the page's script reports the save without a button press.
    page.get_by_text("Saved at").wait_for(timeout=20_000)
    page.wait_for_timeout(2000)  # the last changes' save, after typing paused
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/meetings/{meeting_id}/after")
    assert "Saved." in page.content()

    db.session.expire_all()
    marks = dict(db.session.execute(sa.select(Attendance.user_id, Attendance.status)).all())
    assert marks == {**dict.fromkeys(ids[:5], "present"), ids[5]: "absent"}
    rows = db.session.scalars(sa.select(MemberObservation)).all()
    assert {(r.user_id, r.codependent, r.interdependent) for r in rows} == {
        (uid, 1.0, 2.0) for uid in ids[:5]
    }
    group = db.session.scalar(sa.select(MeetingRecord))
    assert group is not None
    assert group.covered == "Saying no at work and at home."
    # Everything is shown again when the screen is reopened.
    page.reload()
    assert page.locator(f"#rate-{ids[0]}-control input[value='1']").is_checked()
    assert page.get_by_label(f"Private note about {people[0].display_name}").input_value() == (
        "Named a limit without apologising."
    )


def test_text_typed_after_the_session_ended_is_put_back_after_signing_in(
    app, factories, new_page
) -> None:
    world = make_cohort(factories)
    enrol(world, factories, 1)
    ended = (utcnow() - timedelta(hours=3)).replace(second=0, microsecond=0)
    meeting = meetings.add_extra(world.cohort, ended, 90, "Saying no", None)
    db.session.commit()
    url, email = f"/meetings/{meeting.id}/after", world.facilitator.email

    page = new_page(**PHONE)
    browser_login(page, email)
    page.goto(url)
    page.get_by_label("What was covered").fill("Saved before the session ended.")
    page.get_by_text("Saved at").wait_for(timeout=20_000)
    page.context.clear_cookies()  # signed out meanwhile (another tab, or idle)
    page.get_by_label("Themes").fill("Typed after the session ended.")
    page.get_by_text("Not saved to the server just now").wait_for(timeout=20_000)

    browser_login(page, email)
    page.goto(url)
    assert page.get_by_label("Themes").input_value() == "Typed after the session ended."
    assert page.get_by_label("What was covered").input_value() == (
        "Saved before the session ended."
    )
