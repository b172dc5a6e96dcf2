"""Calendar files parse back to the meetings, zones and statuses they describe."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from groupapp.meetings.ical import (
    CalendarDueDate,
    CalendarMeeting,
    build_feed,
    build_meeting_file,
    stable_uid,
)
from groupapp.meetings.recurrence import Recurrence, generate

STAMP = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)


def series(zone: str, start: date, weekday: int, weeks: int = 4) -> list[CalendarMeeting]:
    rule = Recurrence(
        start_date=start,
        weekdays=(weekday,),
        start_time=time(18, 0),
        duration_minutes=90,
        timezone=zone,
        weeks=weeks,
    )
    return [
        CalendarMeeting(
            uid=stable_uid(f"meeting-{zone}", occ.index, "groupapp.test"),
            summary=f"Boundaries group, week {occ.index + 1}",
            starts_at=occ.starts_at,
            ends_at=occ.ends_at,
            timezone=zone,
            location="Room 2, Community Centre",
        )
        for occ in generate(rule)
    ]


def feed(meetings: list[CalendarMeeting], **kw: object) -> Calendar:
    body = build_feed(
        meetings, name="My groups", calendar_uid="feed-1@groupapp.test", stamp=STAMP, **kw
    )  # type: ignore[arg-type]
    return Calendar.from_ical(body)


def vtimezones(calendar: Calendar) -> dict[str, ZoneInfo]:
    """Each VTIMEZONE turned into a tzinfo built from its own rules, not the system's."""
    return {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.timezones}


SEASONS = {
    # Each series of four Tuesday/Thursday/Wednesday meetings straddles a 2026 change.
    "march": [
        ("America/New_York", date(2026, 3, 3), 1),  # change on 8 Mar
        ("Europe/London", date(2026, 3, 19), 3),  # change on 29 Mar
        ("Australia/Sydney", date(2026, 3, 25), 2),  # change on 5 Apr
    ],
    "autumn": [
        ("America/New_York", date(2026, 10, 20), 1),  # change on 1 Nov
        ("Europe/London", date(2026, 10, 15), 3),  # change on 25 Oct
        ("Australia/Sydney", date(2026, 9, 23), 2),  # change on 4 Oct
    ],
}


@pytest.mark.parametrize("season", SEASONS)
def test_feed_times_survive_the_2026_changes_in_every_zone(season: str) -> None:
    meetings = [m for args in SEASONS[season] for m in series(*args)]
    calendar = feed(meetings)
    zones = vtimezones(calendar)
    assert set(zones) == {"America/New_York", "Europe/London", "Australia/Sydney"}
    assert calendar.get_missing_tzids() == set()

    events = {str(e["UID"]): e for e in calendar.events}
    assert len(events) == len(meetings) == 12
    offsets: dict[str, set[object]] = {}
    for meeting in meetings:
        event = events[meeting.uid]
        tz = zones[meeting.timezone]
        # Written on the cohort's own clock...
        assert event["DTSTART"].params["TZID"] == meeting.timezone
        assert (event.start.hour, event.start.minute) == (18, 0)
        # ...and the VTIMEZONE in the file maps it to the instant we stored.
        assert event.start.replace(tzinfo=tz).astimezone(UTC) == meeting.starts_at
        assert event.end.replace(tzinfo=tz).astimezone(UTC) == meeting.ends_at
        offsets.setdefault(meeting.timezone, set()).add(event.start.replace(tzinfo=tz).utcoffset())
    # Every series spans two UTC offsets, yet every start reads 6 pm.
    assert all(len(found) == 2 for found in offsets.values())


def test_feed_is_a_snapshot_without_method_and_download_publishes() -> None:
    meetings = series("Europe/London", date(2026, 5, 5), 1, weeks=1)
    calendar = feed(meetings)
    assert "METHOD" not in calendar
    assert str(calendar["PRODID"]).startswith("-//groupapp//")
    assert str(calendar["VERSION"]) == "2.0"

    single = Calendar.from_ical(
        build_meeting_file(
            meetings[0],
            calendar_uid="meeting-download@groupapp.test",
            organizer_email="lead@example.org",
            stamp=STAMP,
        )
    )
    assert str(single["METHOD"]) == "PUBLISH"
    (event,) = single.events
    assert str(event["ORGANIZER"]) == "mailto:lead@example.org"
    assert [str(tz["TZID"]) for tz in single.timezones] == ["Europe/London"]


def test_uids_are_stable_and_sequence_and_status_carry_changes() -> None:
    meeting = series("America/New_York", date(2026, 3, 3), 1, weeks=1)[0]
    first = feed([meeting]).events[0]
    changed = CalendarMeeting(
        **{**meeting.__dict__, "sequence": 2, "cancelled": True, "updated_at": STAMP}
    )
    second = feed([changed]).events[0]
    assert first["UID"] == second["UID"] == meeting.uid
    assert int(first["SEQUENCE"]) == 0
    assert int(second["SEQUENCE"]) == 2
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(second["STATUS"]) == "CANCELLED"
    assert str(second["SUMMARY"]).startswith("Cancelled: ")
    assert str(second["TRANSP"]) == "TRANSPARENT"
    # Same input, same bytes: subscribers do not see spurious changes.
    assert build_feed(
        [meeting], name="x", calendar_uid="u@groupapp.test", stamp=STAMP
    ) == build_feed([meeting], name="x", calendar_uid="u@groupapp.test", stamp=STAMP)


def test_video_link_becomes_location_url_and_description() -> None:
    base = series("UTC", date(2026, 5, 5), 1, weeks=1)[0]
    online = CalendarMeeting(
        **{**base.__dict__, "location": None, "video_url": "https://video.example.org/r/abc"}
    )
    (event,) = feed([online]).events
    assert str(event["LOCATION"]) == "https://video.example.org/r/abc"
    assert str(event["URL"]) == "https://video.example.org/r/abc"
    assert "Join: https://video.example.org/r/abc" in str(event["DESCRIPTION"])


def test_due_dates_as_all_day_events_or_todos() -> None:
    due = CalendarDueDate(
        uid="homework-7@groupapp.test", summary="Boundary worksheet", due_on=date(2026, 3, 9)
    )
    (event,) = feed([], due_dates=[due]).events
    assert event.start == date(2026, 3, 9)
    assert event.end == date(2026, 3, 10)
    assert str(event["SUMMARY"]) == "Due: Boundary worksheet"

    todos = feed([], due_dates=[due], due_as_todos=True).todos
    assert len(todos) == 1
    assert todos[0]["DUE"].dt == date(2026, 3, 9)
    assert str(todos[0]["STATUS"]) == "NEEDS-ACTION"


def test_feed_asks_subscribers_to_refresh_hourly() -> None:
    raw = build_feed([], name="Mine", calendar_uid="u@groupapp.test", stamp=STAMP).decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in raw
    assert "X-PUBLISHED-TTL:PT1H" in raw
    assert "NAME:Mine" in raw
    assert Calendar.from_ical(raw).refresh_interval.total_seconds() == 3600


def test_files_sharing_a_zone_are_the_bytes_each_would_be_alone() -> None:
    """Files and feeds share each zone's parsed VTIMEZONE; building one must not change
    what the next one writes."""
    from groupapp.meetings import ical

    london = series("Europe/London", date(2026, 3, 23), 0)
    chicago = series("America/Chicago", date(2026, 3, 2), 2)

    def files() -> list[bytes]:
        return [
            build_meeting_file(london[0], calendar_uid="a@groupapp.test", stamp=STAMP),
            build_feed(london + chicago, name="Both", calendar_uid="f@groupapp.test", stamp=STAMP),
            build_meeting_file(london[1], calendar_uid="b@groupapp.test", stamp=STAMP),
            build_meeting_file(chicago[0], calendar_uid="c@groupapp.test", stamp=STAMP),
        ]

    shared = files() + files()
    alone = []
    for index in range(len(shared)):
        ical._shared_vtimezone.cache_clear()
        alone.append(files()[index % 4])
    assert shared == alone
    assert shared[:4] == shared[4:]
    assert b"TZID:Europe/London" in shared[0]
    assert b"TZID:America/Chicago" in shared[1]
