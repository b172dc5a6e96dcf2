"""Calendar apps poll the feed often: unchanged feeds answer 304, any change a new body."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from groupapp.cohorts import calendar
from groupapp.db import db
from tests.cohorts.builders import enrol, make_cohort
from tests.cohorts.web import post


def _feed(client, path: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.get(path, headers=headers)


def _member_feed(factories, weeks: int):  # type: ignore[no-untyped-def]
    """A cohort of ``weeks`` meetings with one member, and the member's feed path."""
    world = make_cohort(factories, weeks=weeks)
    (ana,) = enrol(world, factories, 1)
    path = f"/calendar/feed/{calendar.feed_for(ana).token}.ics"
    db.session.commit()
    return world, ana, path


def _statuses(body: bytes) -> list[str]:
    events = sorted(Calendar.from_ical(body).events, key=lambda e: e.start)
    return [str(e["STATUS"]) for e in events]


def test_an_unchanged_feed_answers_304_with_no_body(client, factories, count_queries) -> None:  # type: ignore[no-untyped-def]
    _world, _ana, path = _member_feed(factories, weeks=3)
    first = _feed(client, path)
    assert first.status_code == 200
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert "private" in first.headers["Cache-Control"]
    assert "no-cache" in first.headers["Cache-Control"]
    with count_queries() as statements:
        again = _feed(client, path, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert len(statements) <= 3  # the token, the fingerprint, the session's user check
    by_date = _feed(client, path, **{"If-Modified-Since": modified})
    assert by_date.status_code == 304
    assert _feed(client, path, **{"If-None-Match": '"something-else"'}).status_code == 200


def test_a_cancelled_meeting_changes_the_etag_and_the_body(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world, _ana, path = _member_feed(factories, weeks=3)
    before = _feed(client, path)
    assert _statuses(before.data) == ["CONFIRMED"] * 3
    login(world.facilitator)
    post(client, f"/meetings/{world.meetings()[1].id}/cancel", {"reason": "Holiday"})
    post(client, "/logout")
    after = _feed(client, path, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert _statuses(after.data) == ["CONFIRMED", "CANCELLED", "CONFIRMED"]


def test_leaving_a_cohort_takes_its_meetings_out_of_the_feed(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world, ana, path = _member_feed(factories, weeks=2)
    before = _feed(client, path)
    assert len(_statuses(before.data)) == 2
    login(ana)
    assert (
        post(client, f"/cohorts/{world.cohort.id}/leave", {"confirmed": "yes"}).status_code == 302
    )
    post(client, "/logout")
    after = _feed(client, path, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert _statuses(after.data) == []


def test_a_new_co_facilitator_sees_the_cohort_at_once(client, factories) -> None:  # type: ignore[no-untyped-def]
    from groupapp.cohorts.models import CohortFacilitator

    world = make_cohort(factories, weeks=2)
    helper = factories.user("facilitator", org=world.org)
    path = f"/calendar/feed/{calendar.feed_for(helper).token}.ics"
    db.session.commit()
    before = _feed(client, path)
    assert _statuses(before.data) == []
    db.session.add(CohortFacilitator(cohort_id=world.cohort.id, user_id=helper.id))
    db.session.commit()
    after = _feed(client, path, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert len(_statuses(after.data)) == 2


@pytest.mark.usefixtures("same_minute")
def test_a_repeat_poll_reads_nothing_from_the_database(client, factories, count_queries) -> None:  # type: ignore[no-untyped-def]
    _world, _ana, path = _member_feed(factories, weeks=3)
    first = _feed(client, path)
    with count_queries(cached=True) as statements:
        again = _feed(client, path)
        unchanged = _feed(client, path, **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert unchanged.status_code == 304
    assert statements == []  # the token's owner and the version are kept per generation


def test_a_deactivated_account_loses_its_feed_at_once(client, factories) -> None:  # type: ignore[no-untyped-def]
    _world, ana, path = _member_feed(factories, weeks=2)
    assert _feed(client, path).status_code == 200
    assert _feed(client, path).status_code == 200  # kept now
    ana.active = False
    db.session.commit()
    assert _feed(client, path).status_code == 404
