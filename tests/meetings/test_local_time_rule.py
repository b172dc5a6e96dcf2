"""The one rule for local times on the meeting and homework pages (Vienna, spring 2027).

A cohort in Europe/Vienna meets Sundays at 02:30 from 21 March 2027; on 28 March
the clocks go from 02:00 to 03:00, so that meeting is at 03:30 and the facilitator
is told; its reschedule form prefills 03:30 and accepts it. A one-off time in a gap
is refused with the rule's message; a time that happens twice means the first one
(and says so), while a prefilled second one stays the second one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from groupapp.cohorts.models import Cohort
from groupapp.db import db
from groupapp.homework.models import Assignment
from groupapp.homework.services import Due
from groupapp.meetings.models import Meeting
from tests.cohorts.builders import make_cohort
from tests.cohorts.web import post
from tests.conftest import csrf_token
from tests.homework.support import Homework

GAP_MESSAGE = (
    "02:30 does not exist on 28 March 2027 in Europe/Vienna: "
    "clocks go from 02:00 to 03:00. Choose another time."
)
FOLD_NOTICE = (
    "01:30 happens twice on 7 November 2027 in America/New_York: clocks go back from "
    "02:00 to 01:00. The first one (EDT, UTC-04:00) is used."
)


def _vienna(factories):  # type: ignore[no-untyped-def]
    return make_cohort(
        factories,
        start_date=date(2027, 3, 21),
        weekdays=(6,),
        start_time=time(2, 30),
        timezone="Europe/Vienna",
        weeks=3,
    )


def _prefilled(page: str, name: str) -> str:
    marker = f'name="{name}"'
    tag = next(part for part in page.split("<input") if marker in part)
    return tag.split('value="', 1)[1].split('"', 1)[0]


def _after_redirect(client, response) -> str:  # type: ignore[no-untyped-def]
    """The page a successful POST leads to, with its flashed messages."""
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _assign_due(client, cohort_id: int, day: str, at: str):  # type: ignore[no-untyped-def]
    """Give the cohort a thought record due at ``day`` ``at`` on its wall clock."""
    return post(
        client,
        f"/homework/cohorts/{cohort_id}/assign",
        {
            "template": "builtin:thought-record",
            "audience": "cohort",
            "due_kind": "time",
            "due_date": day,
            "due_time": at,
        },
    )


def _resubmit_prefilled(client, path: str):  # type: ignore[no-untyped-def]
    """GET the form, then POST exactly what it prefilled."""
    page = client.get(path).get_data(as_text=True)
    data = {name: _prefilled(page, name) for name in ("on", "at", "shown", "duration_minutes")}
    data["csrf_token"] = csrf_token(client, path)
    return data, client.post(path, data=data)


def test_a_series_meeting_in_the_gap_moves_once_the_facilitator_agrees(client, factories, login):  # type: ignore[no-untyped-def]
    facilitator = factories.user("facilitator", timezone="Europe/Vienna")
    login(facilitator)
    path = "/cohorts/new?builtin=interdependency-skills"
    form = {
        "name": "Night shift group",
        "capacity": "6",
        "start_date": "2027-03-21",
        "weekdays": ["6"],
        "start_time": "02:30",
        "duration_minutes": "60",
        "timezone": "Europe/Vienna",
        "weeks": "3",
        "interval_weeks": "1",
        "status": "active",
        "absence_threshold": "2",
        "lead": str(facilitator.id),
    }
    notice = (
        "Meeting 2: 02:30 does not exist on 28 March 2027 in Europe/Vienna "
        "(clocks go from 02:00 to 03:00), so that one is at 03:30."
    )
    # The form lists the moved meeting and asks before creating anything.
    asked = client.post(path, data={**form, "csrf_token": csrf_token(client, path)})
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert notice in page
    assert "Tick the box to create the cohort with these times" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 0
    created = client.post(
        path, data={**form, "accept_times": "y", "csrf_token": csrf_token(client, path)}
    )
    assert notice in _after_redirect(client, created)
    cohort = db.session.scalar(sa.select(Cohort))
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.cohort_id == cohort.id).order_by(Meeting.starts_at)
    ).all()
    assert [m.local_start for m in meetings] == [
        "2027-03-21T02:30",
        "2027-03-28T03:30",
        "2027-04-04T02:30",
    ]
    assert meetings[1].starts_at == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_the_reschedule_form_accepts_what_it_prefilled_for_the_gap_day(client, factories, login):  # type: ignore[no-untyped-def]
    world = _vienna(factories)
    gap_meeting = world.meetings()[1]
    login(world.facilitator)
    data, response = _resubmit_prefilled(client, f"/meetings/{gap_meeting.id}/reschedule")
    assert (data["on"], data["at"]) == ("2027-03-28", "03:30")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Meeting, gap_meeting.id).starts_at == datetime(
        2027, 3, 28, 1, 30, tzinfo=UTC
    )


def test_rescheduling_into_the_gap_is_refused_with_the_rule(client, factories, login):  # type: ignore[no-untyped-def]
    world = _vienna(factories)
    meeting = world.meetings()[0]
    login(world.facilitator)
    response = post(
        client,
        f"/meetings/{meeting.id}/reschedule",
        {"on": "2027-03-28", "at": "02:30", "duration_minutes": "60"},
    )
    assert response.status_code == 200
    assert GAP_MESSAGE in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).sequence == 0


def test_an_extra_meeting_at_a_time_that_happens_twice_is_the_first_and_says_so(  # type: ignore[no-untyped-def]
    client, factories, login
):
    world = make_cohort(factories, start_date=date(2027, 10, 19), weeks=2)
    login(world.facilitator)
    response = post(
        client,
        f"/cohorts/{world.cohort.id}/meetings/new",
        {"on": "2027-11-07", "at": "01:30", "duration_minutes": "60", "topic": "Catch-up"},
    )
    page = _after_redirect(client, response)
    assert FOLD_NOTICE in page
    extra = db.session.scalar(sa.select(Meeting).where(Meeting.is_extra.is_(True)))
    assert extra.starts_at == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)


def test_a_meeting_at_the_second_one_thirty_keeps_it_when_resubmitted(client, factories, login):  # type: ignore[no-untyped-def]
    world = make_cohort(factories, start_date=date(2027, 10, 19), weeks=2)
    meeting = world.meetings()[0]
    second = datetime(2027, 11, 7, 6, 30, tzinfo=UTC)  # 1:30 am EST, the second 1:30
    meeting.starts_at, meeting.ends_at = second, second + timedelta(minutes=90)
    db.session.commit()
    login(world.facilitator)
    data, response = _resubmit_prefilled(client, f"/meetings/{meeting.id}/reschedule")
    shown = (data["on"], data["at"], data["shown"])
    assert shown == ("2027-11-07", "01:30", "2027-11-07T01:30-05:00")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).starts_at == second


def test_homework_due_in_the_gap_is_refused_not_moved(client, factories, login):  # type: ignore[no-untyped-def]
    world = _vienna(factories)
    login(world.facilitator)
    response = _assign_due(client, world.cohort.id, "2027-03-28", "02:30")
    assert response.status_code == 200
    assert GAP_MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 0


def test_the_change_due_form_accepts_what_it_prefilled(client, factories, login):  # type: ignore[no-untyped-def]
    world = make_cohort(factories, start_date=date(2027, 10, 19), weeks=2)
    hw = Homework(factories, world, *[factories.user("participant", world.org) for _ in "ab"])
    second = datetime(2027, 11, 7, 6, 30, tzinfo=UTC)  # the second 1:30 am in New York
    assignment = hw.give(due=Due(local=datetime(2027, 11, 7, 1, 30)))  # noqa: DTZ001 - wall clock
    assert assignment.due_at_fixed == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # the first
    assignment.due_at_fixed = second
    db.session.commit()
    login(world.facilitator)
    path = f"/homework/assignments/{assignment.id}/due"
    page = client.get(path).get_data(as_text=True)
    data = {name: _prefilled(page, name) for name in ("due_date", "due_time", "due_shown")}
    assert data == {
        "due_date": "2027-11-07",
        "due_time": "01:30",
        "due_shown": "2027-11-07T01:30-05:00",
    }
    response = client.post(
        path, data={**data, "due_kind": "time", "csrf_token": csrf_token(client, path)}
    )
    # Accepted as the very same instant (not the first 1:30), so nothing changes.
    assert "The homework is already due then." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assignment, assignment.id).due_at_fixed == second


def test_homework_due_at_a_time_that_happens_twice_is_the_first_and_says_so(  # type: ignore[no-untyped-def]
    client, factories, login
):
    world = make_cohort(factories, start_date=date(2027, 10, 19), weeks=2)
    login(world.facilitator)
    response = _assign_due(client, world.cohort.id, "2027-11-07", "01:30")
    page = _after_redirect(client, response)
    assert FOLD_NOTICE in page
    assignment = db.session.scalar(sa.select(Assignment))
    assert assignment.due_at_fixed == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
