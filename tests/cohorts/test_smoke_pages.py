"""Every cohort, meeting and program page renders for the people allowed to see it."""

from __future__ import annotations

from tests.cohorts.builders import enrol, make_cohort, shift_to_past


def test_facilitator_pages_render(app, client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    enrol(world, factories, 2)
    shift_to_past(world, 3)
    meeting = world.meetings()[0]
    login(world.facilitator)
    pages = [
        "/cohorts",
        f"/cohorts/{world.cohort.id}",
        f"/cohorts/{world.cohort.id}/edit",
        f"/cohorts/{world.cohort.id}/invite",
        f"/cohorts/{world.cohort.id}/agreement",
        f"/cohorts/{world.cohort.id}/meetings/new",
        f"/cohorts/{world.cohort.id}/extend",
        f"/meetings/{meeting.id}",
        f"/meetings/{meeting.id}/attendance",
        f"/meetings/{meeting.id}/notes",
        f"/meetings/{meeting.id}/topic",
        f"/meetings/{meeting.id}/reschedule",
        f"/meetings/{meeting.id}/cancel",
        f"/meetings/{meeting.id}/meeting.ics",
        "/calendar",
        "/programs",
        "/programs/builtin/codependency-recovery",
        f"/programs/{world.cohort.program_id}",
        f"/programs/{world.cohort.program_id}/edit",
        f"/programs/{world.cohort.program_id}/topics/new",
        "/cohorts/new?builtin=dbt-interpersonal-effectiveness",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


def test_participant_pages_render(app, client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (person,) = enrol(world, factories, 1)
    shift_to_past(world, 2)
    login(person)
    for path in ["/my/meetings", f"/meetings/{world.meetings()[3].id}", "/calendar"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


def test_create_form_twice_weekly_and_missing_weekday(app, client, factories, login) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from groupapp.cohorts.models import Cohort
    from groupapp.db import db
    from tests.cohorts.web import post

    facilitator = factories.user("facilitator", timezone="Europe/London")
    login(facilitator)
    form = {
        "name": "Skills twice a week",
        "capacity": "6",
        "start_date": "2031-01-06",
        "start_time": "10:00",
        "duration_minutes": "60",
        "timezone": "Europe/London",
        "weeks": "4",
        "interval_weeks": "1",
        "status": "active",
        "absence_threshold": "2",
        "lead": str(facilitator.id),
    }
    path = "/cohorts/new?builtin=interdependency-skills"
    missing = post(client, path, form, page=path)
    assert missing.status_code == 200
    assert "Choose at least one weekday." in missing.get_data(as_text=True)

    created = client.post(
        path,
        data={**form, "weekdays": ["0", "3"], "csrf_token": _token(client, path)},
    )
    assert created.status_code == 302
    cohort = db.session.scalar(sa.select(Cohort))
    assert cohort.weekdays == "0,3"
    assert "Cohort created with 8 meetings." in client.get(created.headers["Location"]).get_data(
        as_text=True
    )


def _token(client, path: str) -> str:  # type: ignore[no-untyped-def]
    from tests.conftest import csrf_token

    return csrf_token(client, path)
