"""List pages run the same number of SQL statements whatever the amount of data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa

from groupapp.db import db
from groupapp.meetings.models import Attendance
from groupapp.programs import services as programs
from tests.cohorts.builders import World, enrol, make_cohort, shift_to_past


def grow(world: World, factories, members: int, marked: int) -> None:  # type: ignore[no-untyped-def]
    people = enrol(world, factories, members)
    shift_to_past(world, marked)
    for meeting in world.meetings()[:marked]:
        for person in people:
            db.session.add(Attendance(meeting_id=meeting.id, user_id=person.id, status="present"))
    db.session.commit()


def statements_for(client, count_queries, path: str) -> int:  # type: ignore[no-untyped-def]
    client.get(path)  # warm-up: first-use rows (calendar feed token) are created here
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def counts(
    app,
    client,
    factories,
    login,
    count_queries,
    paths: Callable[[World], list[str]],
    as_member: bool = False,
):  # type: ignore[no-untyped-def]
    """Statement counts of each page with a small and then a larger organisation."""
    results = []
    org = factories.org()
    worlds = []
    for size in (1, 2):
        world = make_cohort(factories, org=org, weeks=4 * size)
        grow(world, factories, members=2 * size, marked=2 * size)
        worlds.append(world)
        viewer = world.members[0] if as_member else world.facilitator
        if size == 2 and not as_member:
            # The second facilitator also co-leads the first cohort: more cohorts on the dashboard.
            from groupapp.cohorts.models import CohortFacilitator

            db.session.add(CohortFacilitator(cohort_id=worlds[0].cohort.id, user_id=viewer.id))
            db.session.commit()
        login(viewer)
        results.append([statements_for(client, count_queries, p) for p in paths(world)])
        client.post("/logout", data={"csrf_token": _token(client)})
    return results


def _token(client) -> str:  # type: ignore[no-untyped-def]
    from tests.conftest import csrf_token

    return csrf_token(client, "/home")


def _staff_pages(w: World) -> list[str]:
    return [
        "/cohorts",
        f"/cohorts/{w.cohort.id}",
        f"/meetings/{w.meetings()[0].id}/attendance",
        "/programs",
        f"/programs/{w.cohort.program_id}",
        f"/cohorts/{w.cohort.id}/members/{_membership_id(w)}",
    ]


def _membership_id(w: World) -> int:
    return next(m.id for m in w.cohort.memberships if m.user_id == w.members[0].id)


def _member_pages(w: World) -> list[str]:
    return ["/my/meetings", "/calendar", f"/meetings/{w.meetings()[0].id}"]


@pytest.mark.parametrize(("paths", "as_member"), [(_staff_pages, False), (_member_pages, True)])
def test_pages_have_fixed_query_counts(
    app, client, factories, login, count_queries, paths, as_member
) -> None:  # type: ignore[no-untyped-def]
    small, large = counts(app, client, factories, login, count_queries, paths, as_member)
    assert small == large


def test_calendar_feed_has_a_fixed_query_count(app, client, factories, count_queries) -> None:  # type: ignore[no-untyped-def]
    from groupapp.cohorts import calendar

    sizes = []
    for weeks in (2, 8):
        world = make_cohort(factories, weeks=weeks)
        (person,) = enrol(world, factories, 1)
        token = calendar.feed_for(person).token
        db.session.commit()
        with count_queries() as statements:
            assert client.get(f"/calendar/feed/{token}.ics").status_code == 200
        sizes.append(len(statements))
    assert sizes[0] == sizes[1]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 0
    assert programs.builtin_template("codependency-recovery") is not None


def test_dashboard_finds_every_cohorts_next_meeting(app, client, factories, login) -> None:  # type: ignore[no-untyped-def]
    # More upcoming meetings than the "coming up" list shows: each card still has its next one.
    first = make_cohort(factories, weeks=20)
    later = first.meetings()[0].starts_at.date() + timedelta(weeks=15)
    second = make_cohort(factories, org=first.org, weeks=20, start_date=later)
    from groupapp.cohorts.models import CohortFacilitator

    db.session.add(CohortFacilitator(cohort_id=second.cohort.id, user_id=first.facilitator.id))
    db.session.commit()
    login(first.facilitator)
    page = client.get("/cohorts").get_data(as_text=True)
    for world in (first, second):
        assert f'href="/meetings/{world.meetings()[0].id}"' in page
