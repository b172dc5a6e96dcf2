"""Meeting series keep their local wall-clock time across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from groupapp.core.timezones import UnknownTimeZoneError, to_local
from groupapp.meetings.recurrence import Recurrence, extend, generate, single


def weekly(
    start: date, weekday: int, zone: str, weeks: int, at: time = time(18, 0), **kw: int
) -> Recurrence:
    return Recurrence(
        start_date=start,
        weekdays=(weekday,),
        start_time=at,
        duration_minutes=kw.pop("duration", 90),
        timezone=zone,
        weeks=weeks,
        **kw,
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# (zone, first meeting date, weekday, UTC start before the change, UTC start after)
DST_CASES = [
    # New York springs forward on Sun 8 Mar 2026 and falls back on Sun 1 Nov 2026.
    ("America/New_York", date(2026, 3, 3), 1, utc(2026, 3, 3, 23), utc(2026, 3, 10, 22)),
    ("America/New_York", date(2026, 10, 27), 1, utc(2026, 10, 27, 22), utc(2026, 11, 3, 23)),
    # London: Sun 29 Mar 2026 and Sun 25 Oct 2026.
    ("Europe/London", date(2026, 3, 26), 3, utc(2026, 3, 26, 18), utc(2026, 4, 2, 17)),
    ("Europe/London", date(2026, 10, 22), 3, utc(2026, 10, 22, 17), utc(2026, 10, 29, 18)),
    # Sydney (southern hemisphere): ends Sun 5 Apr 2026, starts Sun 4 Oct 2026.
    ("Australia/Sydney", date(2026, 4, 1), 2, utc(2026, 4, 1, 7), utc(2026, 4, 8, 8)),
    ("Australia/Sydney", date(2026, 9, 30), 2, utc(2026, 9, 30, 8), utc(2026, 10, 7, 7)),
]


@pytest.mark.parametrize(("zone", "first", "weekday", "before", "after"), DST_CASES)
def test_six_pm_stays_six_pm_across_the_2026_changes(
    zone: str, first: date, weekday: int, before: datetime, after: datetime
) -> None:
    meetings = generate(weekly(first, weekday, zone, weeks=2))
    assert [m.starts_at for m in meetings] == [before, after]
    for meeting in meetings:
        local = to_local(meeting.starts_at, zone)
        assert (local.hour, local.minute) == (18, 0)
        assert meeting.local_time == time(18, 0)
        assert (meeting.ends_at - meeting.starts_at).total_seconds() == 90 * 60


def test_a_meeting_on_the_day_of_the_change_is_at_local_time() -> None:
    # Sunday 8 March 2026, the New York spring-forward day itself.
    meetings = generate(weekly(date(2026, 3, 1), 6, "America/New_York", weeks=2))
    assert [m.local_start for m in meetings] == [
        datetime(2026, 3, 1, 18, 0),  # noqa: DTZ001 - wall-clock value
        datetime(2026, 3, 8, 18, 0),  # noqa: DTZ001 - wall-clock value
    ]
    assert meetings[1].starts_at == utc(2026, 3, 8, 22)


def test_a_series_time_inside_the_gap_moves_that_meeting_and_says_so() -> None:
    meetings = generate(weekly(date(2026, 3, 1), 6, "America/New_York", weeks=3, at=time(2, 30)))
    gap_meeting = meetings[1]
    # Held at 3:30 am EDT, and labelled with the wall clock it is really at.
    assert gap_meeting.starts_at == utc(2026, 3, 8, 7, 30)
    assert gap_meeting.local_start == datetime(2026, 3, 8, 3, 30)  # noqa: DTZ001 - wall clock
    assert gap_meeting.notice == (
        "02:30 does not exist on 8 March 2026 in America/New_York "
        "(clocks go from 02:00 to 03:00), so that one is at 03:30."
    )
    assert [m.notice for m in (meetings[0], meetings[2])] == [None, None]
    assert meetings[2].local_start == datetime(2026, 3, 15, 2, 30)  # noqa: DTZ001 - wall clock


def test_a_meeting_across_the_fold_lasts_its_real_duration() -> None:
    # Sun 1 Nov 2026, 12:30 am New York, two hours: clocks go back at 2:00 am EDT.
    meeting = single(0, utc(2026, 11, 1, 4, 30), 120, "America/New_York")
    assert meeting.local_start == datetime(2026, 11, 1, 0, 30)  # noqa: DTZ001 - wall clock
    assert meeting.ends_at == utc(2026, 11, 1, 6, 30)
    # Two real hours, although the wall clock only moved on by one.
    assert to_local(meeting.ends_at, "America/New_York").strftime("%H:%M %Z") == "01:30 EST"


def test_series_starts_on_the_first_matching_weekday() -> None:
    # 1 March 2026 is a Sunday; the group meets on Tuesdays.
    meetings = generate(weekly(date(2026, 3, 1), 1, "Europe/London", weeks=3))
    assert [m.local_date for m in meetings] == [
        date(2026, 3, 3),
        date(2026, 3, 10),
        date(2026, 3, 17),
    ]
    assert [m.index for m in meetings] == [0, 1, 2]


def test_twice_weekly_series_counts_meetings_per_week() -> None:
    rule = Recurrence(
        start_date=date(2026, 1, 5),
        weekdays=(3, 0),
        start_time=time(9, 30),
        duration_minutes=60,
        timezone="UTC",
        weeks=2,
    )
    assert rule.count == 4
    assert [m.local_date for m in generate(rule)] == [
        date(2026, 1, 5),
        date(2026, 1, 8),
        date(2026, 1, 12),
        date(2026, 1, 15),
    ]


def test_fortnightly_series_skips_alternate_weeks() -> None:
    meetings = generate(weekly(date(2026, 1, 6), 1, "UTC", weeks=3, interval=2))
    assert [m.local_date for m in meetings] == [
        date(2026, 1, 6),
        date(2026, 1, 20),
        date(2026, 2, 3),
    ]


def test_extend_continues_the_series_and_its_numbering() -> None:
    rule = weekly(date(2026, 2, 17), 1, "America/New_York", weeks=3)
    longer, added = extend(rule, 2)
    assert longer.weeks == 5
    assert [m.index for m in added] == [3, 4]
    assert [m.local_date for m in added] == [date(2026, 3, 10), date(2026, 3, 17)]
    # The extension crosses the March change and is still 6 pm local.
    assert [m.starts_at for m in added] == [utc(2026, 3, 10, 22), utc(2026, 3, 17, 22)]
    assert generate(rule) + added == generate(longer)


def test_extend_keeps_a_fortnightly_rhythm() -> None:
    rule = weekly(date(2026, 1, 6), 1, "UTC", weeks=2, interval=2)
    _longer, added = extend(rule, 1)
    assert [m.local_date for m in added] == [date(2026, 2, 3)]


def test_extend_refuses_zero_weeks() -> None:
    with pytest.raises(ValueError, match="at least one week"):
        extend(weekly(date(2026, 1, 6), 1, "UTC", weeks=2), 0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weekdays": ()}, "weekdays"),
        ({"weekdays": (7,)}, "weekdays"),
        ({"weekdays": (1, 1)}, "repeat"),
        ({"weeks": 0}, "at least 1"),
        ({"interval": 0}, "at least 1"),
        ({"duration_minutes": 0}, "duration"),
        ({"start_time": time(18, 0, tzinfo=UTC)}, "naive"),
    ],
)
def test_invalid_rules_are_refused(changes: dict[str, object], message: str) -> None:
    settings: dict[str, object] = {
        "start_date": date(2026, 1, 6),
        "weekdays": (1,),
        "start_time": time(18, 0),
        "duration_minutes": 90,
        "timezone": "UTC",
        "weeks": 4,
    }
    settings.update(changes)
    with pytest.raises(ValueError, match=message):
        Recurrence(**settings)  # type: ignore[arg-type]


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(UnknownTimeZoneError):
        weekly(date(2026, 1, 6), 1, "Atlantis/Capital", weeks=2)


def test_fortnightly_rhythm_counts_from_the_first_meeting() -> None:
    # "First meeting on or after Wednesday 2026-12-30, Mondays, every other week":
    # the first meeting is Monday 4 January 2027, not 11 January.
    meetings = generate(weekly(date(2026, 12, 30), 0, "Europe/Vienna", weeks=3, interval=2))
    assert [m.local_date for m in meetings] == [
        date(2027, 1, 4),
        date(2027, 1, 18),
        date(2027, 2, 1),
    ]


def test_twice_weekly_fortnightly_meeting_weeks_start_on_the_first_meeting() -> None:
    # Starts Wednesday 30 Dec 2026, meets Mondays and Thursdays every other week: the
    # first meeting week runs Thu 31 Dec - Wed 6 Jan and holds both meetings.
    rule = Recurrence(
        start_date=date(2026, 12, 30),
        weekdays=(0, 3),
        start_time=time(18, 0),
        duration_minutes=60,
        timezone="UTC",
        weeks=2,
        interval=2,
    )
    assert [m.local_date for m in generate(rule)] == [
        date(2026, 12, 31),
        date(2027, 1, 4),
        date(2027, 1, 14),
        date(2027, 1, 18),
    ]


def test_a_series_time_that_happens_twice_uses_the_first_and_says_so() -> None:
    meetings = generate(weekly(date(2026, 10, 25), 6, "America/New_York", weeks=2, at=time(1, 30)))
    assert meetings[1].starts_at == utc(2026, 11, 1, 5, 30)  # 1:30 am EDT, the first one
    assert meetings[1].notice == (
        "01:30 happens twice on 1 November 2026 in America/New_York: clocks go back from "
        "02:00 to 01:00. The first one (EDT, UTC-04:00) is used."
    )
