"""Start a new cohort like this one: preview, then a copy with no members and re-dated work."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from groupapp.assessments.catalog import ensure_builtins
from groupapp.assessments.models import AssessmentSchedule, Instrument
from groupapp.assessments.schedules import ScheduleSettings, save_schedule
from groupapp.cohorts import services
from groupapp.cohorts.copy import copy_cohort, plan_copy
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.timezones import to_local
from groupapp.db import db
from groupapp.homework.models import Assignment
from groupapp.homework.services import Due
from groupapp.meetings.models import Meeting
from groupapp.notifications.models import CohortNotificationSettings
from groupapp.notifications.timings import save_timings
from tests.cohorts.builders import World, enrol, make_cohort
from tests.homework.support import Homework, logout, post
from tests.trust.audit import assert_audited


def series(cohort_id: int) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting).where(Meeting.cohort_id == cohort_id).order_by(Meeting.starts_at)
        )
    )


def members_of(cohort_id: int) -> int:
    """How many membership rows the cohort has, whatever their status."""
    query = sa.select(sa.func.count()).where(Membership.cohort_id == cohort_id)
    return db.session.scalar(query.select_from(Membership)) or 0


def full_source(factories, **changes: object) -> tuple[World, list[Assignment]]:  # type: ignore[no-untyped-def]
    """A cohort with a co-facilitator, members, homework, a check-in schedule, own timings
    and a second agreement version."""
    world = make_cohort(factories, **changes)
    co = factories.user("facilitator", org=world.org, name="Casey Co")
    services.set_facilitators(world.cohort, world.facilitator.id, [co.id])
    members = enrol(world, factories, 2)
    hw = Homework(factories, world, members[0], members[1])
    by_meeting = hw.give(due=Due(meeting_number=2))
    first = to_local(series(world.cohort.id)[0].starts_at, world.cohort.timezone)
    fixed = hw.give(
        "dear-man-planner",
        due=Due(local=first.replace(tzinfo=None) + timedelta(days=3, hours=2)),
    )
    hw.give("saying-no-log", members=[members[0]])  # for one person: not copied
    ensure_builtins(world.org)
    phq9 = db.session.scalar(
        sa.select(Instrument).where(
            Instrument.organisation_id == world.org.id, Instrument.slug == "phq9"
        )
    )
    third = series(world.cohort.id)[2]
    save_schedule(world.cohort, phq9, ScheduleSettings(every_weeks=4, meeting_ids=(third.id,)))
    save_timings(world.cohort.id, [48.0, 2.0], [2.0], 45)
    services.update_agreement(world.cohort, "Be kind. Keep what is said here.", world.facilitator)
    db.session.commit()
    return world, [by_meeting, fixed]


def test_a_copy_keeps_the_pattern_plan_and_people_but_no_members(factories) -> None:  # type: ignore[no-untyped-def]
    world, (by_meeting, fixed) = full_source(factories)
    source = world.cohort
    start = date(2027, 1, 4)  # a Monday; the series meets on Tuesdays
    plan = plan_copy(source, "Spring boundaries group", start)
    assert plan.occurrences[0].local_start == datetime.combine(date(2027, 1, 5), time(18, 0))
    assert len(plan.occurrences) == len(series(source.id))
    copy = copy_cohort(plan, world.facilitator)
    db.session.commit()

    assert (copy.name, copy.program_id, copy.weekdays, copy.start_time, copy.timezone) == (
        "Spring boundaries group",
        source.program_id,
        source.weekdays,
        source.start_time,
        source.timezone,
    )
    assert (copy.duration_minutes, copy.interval_weeks, copy.capacity) == (
        source.duration_minutes,
        source.interval_weeks,
        source.capacity,
    )
    assert copy.start_date == start
    links = {(link.user_id, link.is_lead) for link in copy.facilitator_links}
    assert links == {(link.user_id, link.is_lead) for link in source.facilitator_links}
    assert len(links) == 2
    assert members_of(copy.id) == 0
    assert services.current_agreement(copy).text == "Be kind. Keep what is said here."

    new_meetings = series(copy.id)
    assignments = db.session.scalars(
        sa.select(Assignment).where(Assignment.cohort_id == copy.id).order_by(Assignment.id)
    ).all()
    assert [a.title for a in assignments] == [by_meeting.title, fixed.title]
    assert assignments[0].due_meeting_id == new_meetings[1].id
    assert all(a.include_later_joiners and not a.submissions for a in assignments)
    # Three days and two hours after the first meeting, on the cohort's clock.
    due = to_local(assignments[1].due_at_fixed, copy.timezone).replace(tzinfo=None)
    assert due == datetime.combine(date(2027, 1, 8), time(20, 0))

    schedule = db.session.scalar(
        sa.select(AssessmentSchedule).where(AssessmentSchedule.cohort_id == copy.id)
    )
    assert (schedule.every_weeks, schedule.meeting_ids) == (4, [new_meetings[2].id])
    timings = db.session.get(CohortNotificationSettings, copy.id)
    assert (timings.reminder_hours, timings.overdue_days, timings.escalation_minutes) == (
        [48.0, 2.0],
        [2.0],
        45,
    )


def test_re_dating_keeps_the_wall_clock_across_a_clock_change(factories) -> None:  # type: ignore[no-untyped-def]
    # Source in spring (clocks go forward 28 March 2027), copy in autumn (back 31 October).
    world = make_cohort(
        factories, timezone="Europe/Vienna", start_date=date(2027, 3, 15), weekdays=(0,)
    )
    enrol(world, factories, 1)
    hw = Homework(factories, world, world.members[0], world.members[0])
    hw.give(
        due=Due(local=datetime.combine(date(2027, 3, 29), time(18, 0)))
    )  # two weeks after the first meeting
    plan = plan_copy(world.cohort, "Autumn", date(2027, 10, 18))
    assert any("due Mon 1 Nov 2027, 6:00 pm" in line for line in plan.lines["Homework"])
    copy = copy_cohort(plan, world.facilitator)
    db.session.commit()
    assignment = db.session.scalar(sa.select(Assignment).where(Assignment.cohort_id == copy.id))
    assert to_local(assignment.due_at_fixed, "Europe/Vienna").time() == time(18, 0)
    assert assignment.due_at_fixed.utcoffset() == timedelta(0)
    assert assignment.due_at_fixed.hour == 17  # CET after the change, not CEST


def test_the_form_previews_every_date_before_anything_is_saved(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world, _ = full_source(factories)
    login(world.facilitator)
    url = f"/cohorts/{world.cohort.id}/copy"
    assert "Start a new cohort like this one" in client.get(url).get_data(as_text=True)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Cohort))
    fields = {"name": "Spring group", "start_date": "2027-01-04"}
    preview = post(client, url, fields).get_data(as_text=True)
    assert "Tue 5 Jan 2027, 6:00 pm" in preview
    assert "Tue 23 Mar 2027, 6:00 pm" in preview  # the twelfth meeting
    assert "due at meeting 2 (Tue 12 Jan 2027, 6:00 pm)" in preview
    assert "PHQ-9" in preview
    assert "given to chosen members only: not copied" in preview
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == before

    # "Create" after changing the date shows the new dates instead of creating.
    moved = {**fields, "start_date": "2027-02-01", "previewed": "2027-01-04|Spring group"}
    again = post(client, url, {**moved, "create": "1"}).get_data(as_text=True)
    assert "Tue 2 Feb 2027, 6:00 pm" in again
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == before

    shown = {**fields, "previewed": "2027-01-04|Spring group", "create": "1"}
    created = post(client, url, shown)
    assert created.status_code == 302
    copy = db.session.scalar(sa.select(Cohort).where(Cohort.name == "Spring group"))
    assert created.headers["Location"].endswith(f"/cohorts/{copy.id}")
    assert_audited("cohort.copy", actor=world.facilitator, object=copy)


def test_bad_input_is_named_and_nothing_is_created(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    login(world.facilitator)
    url = f"/cohorts/{world.cohort.id}/copy"
    page = post(client, url, {"name": "  ", "start_date": "31/02/2027"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Give the date the new cohort starts" in text or "Not a valid date" in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 1


def test_the_copy_pages_run_a_fixed_number_of_statements(  # type: ignore[no-untyped-def]
    client, factories, login, count_queries
) -> None:
    results = []
    for weeks in (4, 16):
        world, _ = full_source(factories, weeks=weeks)
        if weeks == 16:
            extra = factories.user("facilitator", org=world.org)
            db.session.add(CohortFacilitator(cohort_id=world.cohort.id, user_id=extra.id))
            Homework(factories, world, world.members[0], world.members[1]).give(
                due=Due(meeting_number=5)
            )
            db.session.commit()
        login(world.facilitator)
        url = f"/cohorts/{world.cohort.id}/copy"
        client.get(url)
        with count_queries() as shown:
            assert client.get(url).status_code == 200
        from tests.homework.support import token

        data = {"name": "Next", "start_date": "2027-01-04", "csrf_token": token(client)}
        with count_queries() as previewed:
            assert "What will be created" in client.post(url, data=data).get_data(as_text=True)
        results.append((len(shown), len(previewed)))
        logout(client)
    assert results[0] == results[1]
