"""Every API call runs a fixed number of SQL statements, whatever the size of the data."""

from __future__ import annotations

from datetime import timedelta

from groupapp.db import db, utcnow
from groupapp.meetings import services as meetings
from groupapp.programs import services as programs
from tests.api.conftest import utc_at


def _grow(factories, org, facilitator, cohort, n: int) -> None:  # type: ignore[no-untyped-def]
    """Add ``n`` more of everything the lists show: cohorts, members, meetings, programs."""
    template = programs.builtin_template("codependency-recovery")
    for i in range(n):
        factories.cohort(org, [facilitator], [factories.user(org=org)])
        member = factories.user(org=org)
        from groupapp.cohorts.models import Membership

        db.session.add(Membership(cohort=cohort, user=member, status="active"))
        day = utcnow() + timedelta(days=i + 1)
        meetings.add_extra(cohort, utc_at(day, 18), 60, f"Meeting {i}", None)
        programs.copy_builtin(template, facilitator)  # type: ignore[arg-type]
    db.session.commit()


def test_list_and_detail_calls_do_not_grow_with_the_data(factories, api_as, count_queries):
    org = factories.org()
    facilitator = factories.user("facilitator", org=org)
    cohort = factories.cohort(org, [facilitator], [factories.user(org=org)])
    api = api_as(facilitator)
    _grow(factories, org, facilitator, cohort, 1)
    meeting_id = meetings.add_extra(cohort, utc_at(utcnow(), 9), 60, "Today", None).id
    db.session.commit()
    paths = [
        "/me",
        "/cohorts?per_page=100",
        f"/cohorts/{cohort.id}",
        f"/cohorts/{cohort.id}/members?per_page=100",
        f"/cohorts/{cohort.id}/meetings?per_page=100",
        f"/meetings/{meeting_id}",
        "/programs?per_page=100",
        "/homework-templates?per_page=100",
        "/me/submissions?per_page=100",
    ]

    def counts() -> dict[str, int]:
        found = {}
        for path in paths:
            api.get(path)  # the token's last-use stamp is written at most once a minute
            with count_queries() as statements:
                response = api.get(path)
            assert response.status_code == 200, (path, response.get_json())
            found[path] = len(statements)
        return found

    small = counts()
    _grow(factories, org, facilitator, cohort, 6)
    large = counts()
    print("statements per call:", small)
    assert large == small
    assert max(small.values()) <= 10


def test_attendance_for_a_whole_roster_runs_a_bounded_number_of_statements(
    factories, api_as, count_queries
):
    org = factories.org()
    facilitator = factories.user("facilitator", org=org)
    cohort = factories.cohort(org, [facilitator], [factories.user(org=org) for _ in range(3)])
    meeting = meetings.add_extra(
        cohort, utc_at(utcnow() - timedelta(days=1), 9), 60, "Yesterday", None
    )
    db.session.commit()
    api = api_as(facilitator)
    marks = [{"user_id": m.user_id, "status": "present"} for m in cohort.memberships]
    api.get("/me")
    with count_queries() as statements:
        response = api.put(f"/meetings/{meeting.id}/attendance", json=marks)
    assert response.status_code == 200
    print(f"PUT attendance for {len(marks)} members: {len(statements)} statements")
