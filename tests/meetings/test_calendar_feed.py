"""The per-user calendar feed: secret, resettable, and faithful to changes."""

from __future__ import annotations

import re

from icalendar import Calendar

from tests.cohorts.builders import enrol, make_cohort
from tests.cohorts.web import post


def feed_path(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/calendar").get_data(as_text=True)
    match = re.search(r"http://localhost(/calendar/feed/[A-Za-z0-9_-]+\.ics)", page)
    assert match, page
    return match.group(1)


def test_feed_lists_meetings_and_shows_cancellations(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, weeks=4)
    (ana,) = enrol(world, factories, 1, timezone="Australia/Sydney")
    meetings = world.meetings()
    login(world.facilitator)
    post(client, f"/meetings/{meetings[1].id}/cancel", {"reason": "Holiday"})
    post(client, "/logout")

    login(ana)
    path = feed_path(client)
    post(client, "/logout")
    response = client.get(path)  # no login: calendar apps fetch it on their own
    assert response.status_code == 200
    assert response.content_type.startswith("text/calendar")
    calendar = Calendar.from_ical(response.data)
    assert "METHOD" not in calendar
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["America/New_York"]
    events = sorted(calendar.events, key=lambda e: e.start)
    assert len(events) == 4
    assert {(e.start.hour, e.start.minute) for e in events} == {(18, 0)}
    statuses = [str(e["STATUS"]) for e in events]
    assert statuses == ["CONFIRMED", "CANCELLED", "CONFIRMED", "CONFIRMED"]
    assert int(events[1]["SEQUENCE"]) == 1
    assert "Holiday" in str(events[1]["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 4


def test_reset_makes_the_old_address_stop_working(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (ana,) = enrol(world, factories, 1)
    login(ana)
    old = feed_path(client)
    assert client.get(old).status_code == 200
    assert post(client, "/calendar/reset", {"confirmed": "yes"}).status_code == 302
    new = feed_path(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/calendar/feed/not-a-real-token.ics").status_code == 404


def test_feed_of_someone_outside_the_cohort_is_empty(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    make_cohort(factories)
    stranger = factories.user("participant")
    login(stranger)
    calendar = Calendar.from_ical(client.get(feed_path(client)).data)
    assert calendar.events == []


def test_calendar_page_offers_webcal_a_copy_button_and_a_qr_code(client, factories, login):
    world = make_cohort(factories, weeks=2)
    (ana,) = enrol(world, factories, 1)
    login(ana)
    page = client.get("/calendar").get_data(as_text=True)
    path = feed_path(client)
    assert f'href="webcal://localhost{path}"' in page
    assert f'id="feed-url" class="feed-url" type="text" value="http://localhost{path}"' in page
    assert 'data-copy="feed-url"' in page
    qr = re.search(r"<svg role=\"img\" aria-label=\"([^\"]+)\"[^>]*>.*?</svg>", page, re.S)
    assert qr, "no QR code"
    assert "scan" in qr.group(1)
    assert "<path" in qr.group(0)
