"""When check-ins fall due: baseline, every N weeks, chosen meetings, the end, windows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from groupapp.assessments.occurrences import ScheduleRule, occurrences

START, END = date(2026, 1, 5), date(2026, 3, 23)  # twelve weekly meetings


def rule(**kw) -> ScheduleRule:  # type: ignore[no-untyped-def]
    base = {"at_baseline": True, "every_weeks": None, "meeting_dates": {}, "at_end": True,
                "window_before_days": 2, "window_after_days": 5}  # fmt: skip
    base.update(kw)
    return ScheduleRule(**base)


def keys(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [o.key for o in found]


def test_baseline_every_four_weeks_and_end():
    found = occurrences(rule(every_weeks=4), cohort_start=START, cohort_end=END, joined_on=START)
    assert keys(found) == ["baseline", "week-4", "week-8", "end"]
    assert [o.due_on for o in found] == [START, date(2026, 2, 2), date(2026, 3, 2), END]
    baseline, week4 = found[0], found[1]
    assert (baseline.opens_on, baseline.closes_on) == (START, date(2026, 1, 10))
    assert (week4.opens_on, week4.closes_on) == (date(2026, 1, 31), date(2026, 2, 7))
    zone = "America/New_York"
    assert week4.opens_at(zone) == datetime(2026, 1, 31, 5, 0, tzinfo=UTC)
    assert week4.closes_at(zone) == datetime(2026, 2, 8, 5, 0, tzinfo=UTC)
    assert not week4.is_open(datetime(2026, 1, 31, 4, 59, tzinfo=UTC), zone)
    assert week4.is_open(datetime(2026, 1, 31, 5, 0, tzinfo=UTC), zone)
    assert week4.is_open(datetime(2026, 2, 8, 4, 59, tzinfo=UTC), zone)
    assert not week4.is_open(datetime(2026, 2, 8, 5, 0, tzinfo=UTC), zone)


def test_chosen_meetings_and_same_day_priority():
    meetings = {11: date(2026, 2, 2), 12: date(2026, 2, 16)}
    found = occurrences(
        rule(every_weeks=4, meeting_dates=meetings),
        cohort_start=START,
        cohort_end=END,
        joined_on=START,
    )
    # week 4 and meeting 11 share 2 February: the meeting wins, asked once.
    assert keys(found) == ["baseline", "meeting-11", "meeting-12", "week-8", "end"]
    assert found[1].label == "Meeting on 2 February 2026"


def test_late_joiners_and_leavers():
    late = occurrences(
        rule(every_weeks=4), cohort_start=START, cohort_end=END, joined_on=date(2026, 2, 10)
    )
    assert keys(late) == ["baseline", "week-8", "end"]
    assert late[0].due_on == date(2026, 2, 10)
    left = occurrences(
        rule(every_weeks=4), cohort_start=START, cohort_end=END, joined_on=START,
        exited_on=date(2026, 2, 20),
    )  # fmt: skip
    assert keys(left) == ["baseline", "week-4"]


def test_nothing_chosen_means_nothing_due():
    found = occurrences(
        rule(at_baseline=False, at_end=False), cohort_start=START, cohort_end=END, joined_on=START
    )
    assert found == []
    assert keys(occurrences(rule(), cohort_start=None, cohort_end=None, joined_on=START)) == [
        "baseline"
    ]


dates_2026 = st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 6, 30))


@settings(max_examples=300, deadline=None)
@given(
    every_weeks=st.one_of(st.none(), st.integers(min_value=1, max_value=6)),
    meetings=st.dictionaries(st.integers(min_value=1, max_value=40), dates_2026, max_size=4),
    at_baseline=st.booleans(),
    at_end=st.booleans(),
    before=st.integers(min_value=0, max_value=7),
    after=st.integers(min_value=0, max_value=14),
    start=dates_2026,
    weeks=st.integers(min_value=0, max_value=30),
    joined_on=dates_2026,
    exited_after=st.one_of(st.none(), st.integers(min_value=-10, max_value=200)),
    first=dates_2026,
    days=st.integers(min_value=0, max_value=10),
)
def test_open_within_keeps_exactly_the_windows_open_on_those_days(
    every_weeks, meetings, at_baseline, at_end, before, after, start, weeks, joined_on,
    exited_after, first, days,
):  # fmt: skip
    """A scan asks only for the windows open on a few days: the same occurrences as the
    whole list has there, without working out the rest."""
    chosen = rule(
        every_weeks=every_weeks, meeting_dates=meetings, at_baseline=at_baseline, at_end=at_end,
        window_before_days=before, window_after_days=after,
    )  # fmt: skip
    exited_on = None if exited_after is None else joined_on + timedelta(days=exited_after)
    span = {"cohort_start": start, "cohort_end": start + timedelta(weeks=weeks),
            "joined_on": joined_on, "exited_on": exited_on}  # fmt: skip
    last = first + timedelta(days=days)
    every = occurrences(chosen, **span)
    assert occurrences(chosen, **span, open_within=(first, last)) == [
        o for o in every if o.opens_on <= last and o.closes_on >= first
    ]
