"""Invitations are rate-limited per inviter, on the People page and cohort pages together."""

from __future__ import annotations

from groupapp.db import db
from tests.cohorts.builders import make_cohort
from tests.conftest import csrf_token, login_as
from tests.support.factories import Factories

BURST = 35


def _statuses(client, path: str, count: int, first: int = 0) -> list[int]:  # type: ignore[no-untyped-def]
    token = csrf_token(client, path)
    return [
        client.post(
            path, data={"email": f"guest{first + n}@example.com", "csrf_token": token}
        ).status_code
        for n in range(count)
    ]


def _facilitator_with_limits(limited_app, factories: Factories):  # type: ignore[no-untyped-def]
    """A browser signed in as a cohort's facilitator on an app with limits on; cohort id."""
    app = limited_app()
    world = make_cohort(factories)
    db.session.commit()
    client = app.test_client()
    assert login_as(client, world.facilitator.email).status_code == 302
    return client, world.cohort.id


def test_a_burst_of_cohort_invitations_is_refused_after_thirty(limited_app, factories: Factories):  # type: ignore[no-untyped-def]
    client, cohort_id = _facilitator_with_limits(limited_app, factories)
    statuses = _statuses(client, f"/cohorts/{cohort_id}/invite", BURST)
    assert statuses[:30] == [302] * 30
    assert set(statuses[30:]) == {429}


def test_the_people_page_and_cohort_pages_share_one_allowance(limited_app, factories: Factories):  # type: ignore[no-untyped-def]
    client, cohort_id = _facilitator_with_limits(limited_app, factories)
    people = _statuses(client, "/people/invite?role=participant", 20)
    in_cohort = _statuses(client, f"/cohorts/{cohort_id}/invite", 15, first=20)
    assert people == [302] * 20
    assert in_cohort[:10] == [302] * 10
    assert set(in_cohort[10:]) == {429}
