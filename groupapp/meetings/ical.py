"""RFC 5545 calendars for meetings and due dates, built from plain values.

Two shapes are produced:

* the subscription **feed** (one per user, at a secret URL) carries no METHOD:
  RFC 5545 section 3.7.2 says an object without METHOD is a snapshot rather
  than a scheduling message, which is exactly what a polled feed is;
* a single-meeting **download** carries ``METHOD:PUBLISH`` (RFC 5546), the
  "here is an event, no reply expected" message that calendar apps import.

Times are written in the cohort's own zone (``DTSTART;TZID=...``) with a
VTIMEZONE for every zone used, so a subscriber's app shows the wall-clock time
the group agreed on and follows daylight-saving changes. UIDs are stable per
meeting and SEQUENCE comes from the meeting row (bumped on each change), so a
rescheduled or cancelled meeting updates the existing entry instead of adding
a second one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from icalendar import Calendar, Component, Event, Timezone, Todo, vDuration
from icalendar.enums import STATUS

from groupapp.core.text import multi_line, single_line
from groupapp.core.timezones import get_zone

__all__ = [
    "DOWNLOAD_CONTENT_TYPE",
    "FEED_CONTENT_TYPE",
    "CalendarDueDate",
    "CalendarMeeting",
    "build_feed",
    "build_meeting_file",
    "stable_uid",
]

PRODID = "-//groupapp//Group meetings//EN"
FEED_CONTENT_TYPE = "text/calendar; charset=utf-8"
DOWNLOAD_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"
# How often subscribed apps should poll; most ignore anything below an hour.
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarMeeting:
    """What a calendar needs to know about one meeting."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    sequence: int = 0
    cancelled: bool = False
    location: str | None = None
    video_url: str | None = None
    description: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class CalendarDueDate:
    """A date something is due (homework, a check-in), shown all day."""

    uid: str
    summary: str
    due_on: date
    description: str | None = None
    url: str | None = None
    sequence: int = 0
    done: bool = False


def stable_uid(kind: str, object_id: int, domain: str) -> str:
    """A UID that stays the same for the life of the object: ``meeting-42@host``."""
    return f"{kind}-{object_id}@{domain}"


@lru_cache(maxsize=64)
def _vtimezone(zone: str, first_year: int, last_year: int) -> bytes:
    # Generating transitions is slow, so it is cached per zone and year range
    # and kept as bytes: a cached component object could be mutated by a caller.
    component = Timezone.from_tzinfo(
        get_zone(zone),
        tzid=zone,
        first_date=date(first_year, 1, 1),
        last_date=date(last_year, 1, 1),
    )
    return bytes(component.to_ical())


def _add_timezones(calendar: Calendar, meetings: Sequence[CalendarMeeting]) -> None:
    zones = sorted({m.timezone for m in meetings})
    if not zones:
        return
    first_year = min(m.starts_at.year for m in meetings) - 1
    last_year = max(m.ends_at.year for m in meetings) + 2
    for position, zone in enumerate(zones):
        # VTIMEZONEs go before the components that refer to them.
        calendar.subcomponents.insert(position, _shared_vtimezone(zone, first_year, last_year))


@lru_cache(maxsize=64)
def _shared_vtimezone(zone: str, first_year: int, last_year: int) -> Component:
    """``_vtimezone`` parsed once, for the calendars of this module only.

    Each is serialized and dropped by the function that built it, and serializing does
    not change a component, so they can share one object; nothing outside this module
    ever holds it (every public function returns bytes).
    """
    return Timezone.from_ical(_vtimezone(zone, first_year, last_year))


def _line(text: str | None) -> str | None:
    """A property value on one line: a stray line break would end the content line."""
    return single_line(text) or None


def _lines(text: str | None) -> str | None:
    """Multi-line text (the library escapes line breaks), without other control characters."""
    return multi_line(text) or None if text else None


def _description(meeting: CalendarMeeting) -> str | None:
    join = f"Join: {_line(meeting.video_url)}" if _line(meeting.video_url) else None
    parts = [part for part in (_lines(meeting.description), join) if part]
    return "\n\n".join(parts) or None


def _meeting_event(meeting: CalendarMeeting, stamp: datetime) -> Event:
    zone = get_zone(meeting.timezone)
    summary = f"Cancelled: {meeting.summary}" if meeting.cancelled else meeting.summary
    event = Event.new(
        uid=meeting.uid,
        stamp=stamp,
        start=meeting.starts_at.astimezone(zone),
        end=meeting.ends_at.astimezone(zone),
        summary=_line(summary),
        sequence=meeting.sequence,
        status=STATUS.CANCELLED if meeting.cancelled else STATUS.CONFIRMED,
        location=_line(meeting.location) or _line(meeting.video_url),
        description=_description(meeting),
        url=_line(meeting.video_url),
        last_modified=meeting.updated_at,
    )
    if meeting.cancelled:
        # Keep the slot free in the subscriber's calendar.
        event.add("TRANSP", "TRANSPARENT")
    return event


def _due_component(item: CalendarDueDate, stamp: datetime, as_todo: bool) -> Event | Todo:
    if as_todo:
        todo = Todo.new(
            uid=item.uid,
            stamp=stamp,
            summary=_line(item.summary),
            description=_lines(item.description),
            url=_line(item.url),
            sequence=item.sequence,
            status=STATUS.COMPLETED if item.done else STATUS.NEEDS_ACTION,
        )
        todo.add("DUE", item.due_on)
        return todo
    event = Event.new(
        uid=item.uid,
        stamp=stamp,
        start=item.due_on,
        end=item.due_on + timedelta(days=1),
        summary=_line(f"Due: {item.summary}"),
        description=_lines(item.description),
        url=_line(item.url),
        sequence=item.sequence,
    )
    event.add("TRANSP", "TRANSPARENT")
    return event


def _calendar(name: str, calendar_uid: str, method: str | None) -> Calendar:
    return Calendar.new(prodid=PRODID, uid=calendar_uid, name=_line(name), method=method)


def build_feed(
    meetings: Iterable[CalendarMeeting],
    due_dates: Iterable[CalendarDueDate] = (),
    *,
    name: str,
    calendar_uid: str,
    due_as_todos: bool = False,
    stamp: datetime | None = None,
) -> bytes:
    """A subscribable calendar of meetings (cancelled ones included) and due dates.

    Due dates are all-day events by default because most calendar apps never
    show VTODOs from a subscription; ``due_as_todos`` emits VTODOs instead.
    """
    now = stamp or datetime.now(UTC)
    meeting_list = list(meetings)
    calendar = _calendar(name, calendar_uid, method=None)
    # RFC 7986 requires VALUE=DURATION on REFRESH-INTERVAL; X-PUBLISHED-TTL is the
    # older spelling that Outlook and Apple Calendar still read.
    calendar.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    for meeting in meeting_list:
        calendar.add_component(_meeting_event(meeting, now))
    for item in due_dates:
        calendar.add_component(_due_component(item, now, due_as_todos))
    _add_timezones(calendar, meeting_list)
    return bytes(calendar.to_ical())


def build_meeting_file(
    meeting: CalendarMeeting,
    *,
    calendar_uid: str,
    organizer_email: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """A one-meeting ``.ics`` file to import (``METHOD:PUBLISH``).

    A cancelled meeting is published too, with ``STATUS:CANCELLED`` and the bumped
    SEQUENCE, rather than sent as ``METHOD:CANCEL``. CANCEL is the iTIP message an
    organizer sends to the attendees of a scheduled event (RFC 5546 section 3.2.5);
    our recipients were never attendees (every file we hand out is a PUBLISH without
    ATTENDEE lines, and the feed has no METHOD at all), and the icalendar
    documentation lists CANCEL only as a scheduling method, with nothing saying it
    suits an unsolicited notice. A PUBLISH of the same UID at a higher SEQUENCE is
    the update every importer understands, and it matches what the feed shows.
    """
    calendar = _calendar(meeting.summary, calendar_uid, method="PUBLISH")
    event = _meeting_event(meeting, stamp or datetime.now(UTC))
    if organizer_email:
        event.add("ORGANIZER", f"mailto:{organizer_email}")
    calendar.add_component(event)
    _add_timezones(calendar, [meeting])
    return bytes(calendar.to_ical())
