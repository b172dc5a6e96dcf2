"""Every API call runs a fixed number of SQL statements, whatever the size of the data."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from groupapp.cohorts import meeting_services as meetings
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from groupapp.meetings.models import AbsenceFlag
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


def _roster_counts(factories, api_as, count_queries, members: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Statements of three roster saves for a cohort of ``members``: new marks, new marks
    that raise absence flags, then changed marks that clear them."""
    org = factories.org()
    facilitator = factories.user("facilitator", org=org)
    people = [factories.user(org=org) for _ in range(members)]
    cohort = factories.cohort(org, [facilitator], people)
    cohort.absence_threshold = 2
    first, second = (
        meetings.add_extra(cohort, utc_at(utcnow() - timedelta(days=days), 9), 60, "Past", None)
        for days in (2, 1)
    )
    db.session.commit()
    api = api_as(facilitator)
    api.get("/me")  # the token's last-use stamp, written at most once a minute
    found = []
    for meeting, status in ((first, "absent"), (second, "absent"), (second, "present")):
        marks = [{"user_id": p.id, "status": status, "comment": "noted"} for p in people]
        with count_queries() as statements:
            response = api.put(f"/meetings/{meeting.id}/attendance", json=marks)
        assert response.status_code == 200, response.get_json()
        assert response.get_json() == {"changed": members}
        found.append(len(statements))
    flags = db.session.scalars(sa.select(AbsenceFlag).where(AbsenceFlag.cohort_id == cohort.id))
    assert sorted((f.user_id, f.cleared_at is not None) for f in flags) == sorted(
        (p.id, True) for p in people
    )
    return found


def test_attendance_for_a_whole_roster_runs_the_same_statements_for_any_size(
    factories, api_as, count_queries
):
    small = _roster_counts(factories, api_as, count_queries, 2)
    large = _roster_counts(factories, api_as, count_queries, 12)
    print(f"PUT attendance, 2 and 12 members: {small} and {large} statements")
    assert small == large


def _assign_counted(api, cohort_id: int, count_queries) -> int:  # type: ignore[no-untyped-def]
    with count_queries() as statements:
        response = api.post(
            f"/cohorts/{cohort_id}/assignments",
            json={"template": "builtin:thought-record", "due_at": "2031-05-01T17:00Z"},
        )
    assert response.status_code == 201, response.get_json()
    return len(statements)


def test_assigning_homework_does_not_grow_with_the_cohort(
    app, factories, api_as, count_queries, monkeypatch
):  # type: ignore[no-untyped-def]
    # Sending the mail is the worker's statements: here it waits in the outbox.
    monkeypatch.setitem(app.config, "MAIL_DISPATCH", "celery-down")
    org = factories.org()
    facilitator = factories.user("facilitator", org=org)
    cohort = factories.cohort(org, [facilitator], [factories.user(org=org)])
    api = api_as(facilitator)
    api.get("/me")  # the token's last-use stamp is written at most once a minute
    small = _assign_counted(api, cohort.id, count_queries)
    _grow(factories, org, facilitator, cohort, 6)
    large = _assign_counted(api, cohort.id, count_queries)
    print("statements per assignment:", small, large)
    assert large == small
    given = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "homework_due_soon")
    ).all()
    assert len(given) == 1 + 7  # one member the first time, seven the second
