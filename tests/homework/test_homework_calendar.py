"""Homework due dates appear in the participant's calendar feed."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import icalendar

from groupapp.cohorts.calendar import feed_body
from tests.conftest import csrf_token


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_due_homework_is_in_the_feed_on_the_local_due_date(hw):  # type: ignore[no-untyped-def]
    assignment = hw.give("thought-record")
    participant = hw.alice
    events = _events(feed_body(participant))
    entry = events[f"Due: Homework: {assignment.title}"]
    due_local = assignment.due_at.astimezone(ZoneInfo(participant.timezone))
    assert entry.decoded("DTSTART") == due_local.date()
    assert f"/homework/{hw.submission(assignment, participant).id}" in str(entry["URL"])


def test_the_feed_url_serves_the_homework_entry(hw, client, login):  # type: ignore[no-untyped-def]
    assignment = hw.give("saying-no-log")
    participant = hw.alice
    login(participant)
    page = client.get("/calendar").get_data(as_text=True)
    feed_path = page.split("/calendar/feed/")[1].split(".ics")[0]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    response = client.get(f"/calendar/feed/{feed_path}.ics")
    assert response.status_code == 200
    assert f"Due: Homework: {assignment.title}" in _events(response.data)
