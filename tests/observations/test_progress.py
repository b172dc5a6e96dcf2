"""Observations on the progress pages: one time axis, the cohort table, fixed statements."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
import time_machine
from werkzeug.datastructures import MultiDict

from groupapp.cohorts.models import Membership
from groupapp.db import db
from groupapp.meetings.models import Meeting
from groupapp.observations.change import moved
from groupapp.observations.services import load_sheet, save_sheet
from groupapp.observations.sheet import read_form
from groupapp.observations.timeline import goal_lane, observation_lane, render_timeline
from tests.assessments.groups import START, make_group
from tests.assessments.test_progress import WEEK_4, two_checkins
from tests.conftest import csrf_token
from tests.observations.builders import ratings_form


def _meetings(group) -> list[Meeting]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.cohort_id == group.cohort.id)
            .order_by(Meeting.starts_at)
        )
    )


def _rate(meeting, person, actor, codependent: int, interdependent: int) -> None:  # type: ignore[no-untyped-def]
    sheet = load_sheet(meeting)
    typed = read_form(
        MultiDict(ratings_form(person.id, codependent, interdependent)), sheet.names()
    )
    assert typed.problems == []
    save_sheet(sheet, typed, actor)
    db.session.commit()


def test_the_move_rule_is_one_whole_step_either_way() -> None:
    assert moved(3.0, 2.0) == "down"
    assert moved(0.4, 1.4) == "up"
    assert moved(1.0, 1.8) is None
    assert moved(None, 2.0) is None


def test_lanes_share_one_time_axis() -> None:
    from groupapp.observations.services import ObservationPoint

    day = datetime(2026, 2, 3, 18, tzinfo=UTC)
    points = [ObservationPoint(5, 1, 1, day, 2.0, None), ObservationPoint(5, 2, 1, day, 1.0, 1.5)]
    observed = observation_lane(points)
    assert observed is not None
    assert [line.css for line in observed.lines] == ["line-codependent", "line-interdependent"]
    goals = goal_lane([(day, 1), (day, -1), (datetime(2026, 2, 10, tzinfo=UTC), 2)])
    assert goals is not None
    assert [value for _, value in goals.lines[0].points] == [0.0, 2.0]
    wide, narrow = str(render_timeline([observed, goals])).split("</svg>")[:2]
    for svg in (wide, narrow):
        assert "Observed in meetings (0-3)" in svg
        assert "Goal attainment (-2 to +2)" in svg
        assert svg.count('class="timeline-point line-codependent"') == 2


def test_member_and_cohort_progress_show_the_observations(app, client, factories, login) -> None:
    group = make_group(factories)
    two_checkins(group, group.member, 18, 9)
    first, second = _meetings(group)[:2]
    _rate(first, group.member, group.lead, 3, 0)
    _rate(second, group.member, group.lead, 1, 2)
    with time_machine.travel(WEEK_4, tick=False):
        login(group.lead)
        page = client.get(
            f"/assessments/cohorts/{group.cohort.id}/members/{group.member.id}/progress"
        )
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "On one time axis" in html
        assert "PHQ-9 (0-27)" in html
        assert html.count('class="timeline-point line-interdependent"') == 4  # wide and narrow
        table = client.get(f"/assessments/cohorts/{group.cohort.id}/progress").get_data(
            as_text=True
        )
    assert "Observed in meetings" in table
    assert "3 → 1" in table
    assert "moved down" in table
    assert "moved up" in table


def test_progress_pages_run_the_same_statements_at_two_sizes(
    app, client, factories, login, count_queries
) -> None:
    group = make_group(factories)
    two_checkins(group, group.member, 18, 9)
    meetings = _meetings(group)
    member_page = f"/assessments/cohorts/{group.cohort.id}/members/{group.member.id}/progress"
    cohort_page = f"/assessments/cohorts/{group.cohort.id}/progress"

    def counts() -> tuple[int, int]:
        with time_machine.travel(WEEK_4, tick=False):
            login(group.lead)
            client.get(member_page)
            with count_queries() as one:
                assert client.get(member_page).status_code == 200
            with count_queries() as many:
                assert client.get(cohort_page).status_code == 200
            client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
        return len(one), len(many)

    _rate(meetings[0], group.member, group.lead, 2, 1)
    small = counts()
    for meeting in meetings[1:4]:
        _rate(meeting, group.member, group.lead, 1, 2)
    for _ in range(4):
        person = factories.user("participant", group.org)
        db.session.add(
            Membership(cohort=group.cohort, user=person, status="active", joined_on=START)
        )
        db.session.commit()
        _rate(meetings[0], person, group.lead, 1, 1)
    assert counts() == small
