"""Check-in windows: "check-in open" when a window opens, "closing soon" the day before
it closes; never for an occurrence already answered.

Windows follow the cohort's calendar (a window closes at the end of its last day on the
cohort's clock), but each email goes out at ``SEND_HOUR`` on the *recipient's* clock: the
"open" email at the first such hour once the window is open, "closing soon" at the last
such hour at least a day before the closing moment, which the email names in the
recipient's zone.

Each pass works out in Python only the occurrences open around today, once per schedule
and membership group, and which notice is current for each window on each recipient
zone's clock; one statement then matches these with the members, leaving out in SQL
those who answered the occurrence or were offered that notice on an earlier pass, and
writes their rows (``INSERT ... SELECT``: none travel through the worker). While a notice
stays current the passes after the first write nothing, except for people who joined
since.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.checkins import occurrences_for
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule
from groupapp.assessments.occurrences import Occurrence
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.outbox import enqueue_selected
from groupapp.db import UTCDateTime, db, one_of, rows_table
from groupapp.meetings.models import Meeting
from groupapp.notifications.scanners.common import (
    local_hour_after,
    local_hour_before,
    not_offered,
    row_columns,
    window,
)

OPEN_KIND = "checkin_open"
CLOSING_KIND = "checkin_closing"
SEND_HOUR = time(9)


#: "Closing soon" goes out at least this long before the window closes.
CLOSING_NOTICE = timedelta(days=1)


@lru_cache(maxsize=4096)  # members share windows and zones: computed once per pair
def notice_moments(opens: datetime, closes: datetime, zone: str) -> tuple[datetime, ...]:
    """When the "open" and (if there is time for it) "closing soon" emails go out.

    Both at ``SEND_HOUR`` on ``zone``'s clock (the recipient's). The "open" email goes as
    the window opens instead when the hour does not come round before the window closes,
    or not before the "closing soon" moment (a window whose ends a clock change or a
    zone a few hours away bring close to the hour), so neither email is lost.
    """
    opened = local_hour_after(opens, zone, SEND_HOUR)
    closing = local_hour_before(closes - CLOSING_NOTICE, zone, SEND_HOUR)
    if opened >= closes or opens < closing <= opened:
        opened = opens
    return (opened, closing) if closing > opened else (opened,)


#: A notice can fall this long before its window opens at the earliest (none do today).
LIVE_MARGIN = timedelta(days=2)
ONE_DAY = timedelta(days=1)
Group = tuple[date | None, date | None]  # a membership's joined_on and exited_on


def _meeting_day(last: bool) -> sa.ScalarSelect[str]:
    """The cohort's first (or last) meeting not cancelled, its local start: read from the
    (cohort, start) index, one row per cohort rather than every meeting of the year."""
    order = Meeting.starts_at.desc() if last else Meeting.starts_at
    return (
        sa.select(Meeting.local_start)
        .where(Meeting.cohort_id == Cohort.id, Meeting.status != "cancelled")
        .order_by(order)
        .limit(1)
        .scalar_subquery()
    )


class ScheduleRow(NamedTuple):
    """An active cohort's schedule as plain values: what the scan reads of it and of its
    cohort (``ScheduleTerms`` for working out occurrences)."""

    id: int
    cohort_id: int
    instrument_id: int
    at_baseline: bool
    every_weeks: int | None
    meeting_ids: list[int] | None
    at_end: bool
    window_before_days: int
    window_after_days: int
    cohort_start: date | None
    zone: str


SCHEDULE_COLUMNS = (
    AssessmentSchedule.id,
    AssessmentSchedule.cohort_id,
    AssessmentSchedule.instrument_id,
    AssessmentSchedule.at_baseline,
    AssessmentSchedule.every_weeks,
    AssessmentSchedule.meeting_ids,
    AssessmentSchedule.at_end,
    AssessmentSchedule.window_before_days,
    AssessmentSchedule.window_after_days,
    Cohort.start_date,
    Cohort.timezone,
)


def _schedules() -> tuple[list[ScheduleRow], dict[int, dict[int, date]]]:
    """Active cohorts' schedules, and per cohort the dates of its calendar that matter.

    That is all ``occurrences_for`` reads of a cohort's calendar (the first and last
    dates bound it, chosen meetings are looked up by id). The first and last dates go
    under keys no meeting has (0 and -1). Schedules are read as columns, not as mapped
    objects: thousands at clinic scale, of which the scan needs a few fields.
    """
    schedules = []
    dates: dict[int, dict[int, date]] = defaultdict(dict)
    for *columns, earliest, latest in db.session.execute(
        sa.select(*SCHEDULE_COLUMNS, _meeting_day(last=False), _meeting_day(last=True))
        .join(Cohort, Cohort.id == AssessmentSchedule.cohort_id)
        .where(Cohort.status == "active")
    ):
        schedule = ScheduleRow(*columns)
        schedules.append(schedule)
        if earliest is not None:
            dates[schedule.cohort_id][0] = date.fromisoformat(earliest[:10])
            dates[schedule.cohort_id][-1] = date.fromisoformat(latest[:10])
    chosen = sorted({i for s in schedules for i in s.meeting_ids or []})
    if chosen:
        for meeting_id, cohort_id, local_start in db.session.execute(
            sa.select(Meeting.id, Meeting.cohort_id, Meeting.local_start).where(
                one_of(Meeting.id, chosen), Meeting.status != "cancelled"
            )
        ):
            dates[cohort_id][meeting_id] = date.fromisoformat(local_start[:10])
    return schedules, dates


def _live(
    schedules: list[ScheduleRow], dates: dict[int, dict[int, date]], now: datetime
) -> dict[tuple[int, Group], list[tuple[Occurrence, datetime, datetime]]]:
    """Occurrences whose notices may be due at ``now``, per schedule and membership group.

    Members of a cohort share its calendar and differ only in when they joined and left,
    so occurrences are worked out once per (schedule, joined, exited) group.
    """
    groups: dict[int, set[Group]] = defaultdict(set)
    for cohort_id, joined_on, exited_on in db.session.execute(
        sa.select(Membership.cohort_id, Membership.joined_on, Membership.exited_on)
        .join(AssessmentSchedule, AssessmentSchedule.cohort_id == Membership.cohort_id)
        .join(Cohort, Cohort.id == Membership.cohort_id)
        .where(Cohort.status == "active", joined_clause())
        .distinct()
    ):
        groups[cohort_id].add((joined_on, exited_on))
    live: dict[tuple[int, Group], list[tuple[Occurrence, datetime, datetime]]] = {}
    # A cheap date test before the exact instants (zones are within a day of UTC): only
    # occurrences open on one of these days are worked out, not each group's whole year.
    today = now.date()
    days = (today - ONE_DAY, today + LIVE_MARGIN + ONE_DAY)
    instants: dict[tuple[date, date, str], tuple[datetime, datetime]] = {}
    for schedule in schedules:
        zone = schedule.zone
        cohort_dates = dates.get(schedule.cohort_id, {})
        for joined_on, exited_on in groups.get(schedule.cohort_id, ()):
            found = []
            for occ in occurrences_for(
                schedule, schedule.cohort_start, zone, joined_on, exited_on, cohort_dates, days
            ):
                # The window itself is the assessments package's: opens and closes there.
                window_days = (occ.opens_on, occ.closes_on, zone)
                if window_days not in instants:
                    instants[window_days] = (occ.opens_at(zone), occ.closes_at(zone))
                opens, closes = instants[window_days]
                if opens - LIVE_MARGIN <= now < closes:
                    found.append((occ, opens, closes))
            if found:
                live[(schedule.id, (joined_on, exited_on))] = found
    return live


#: A live occurrence for a membership group: cohort, joined_on, exited_on, schedule,
#: instrument, occurrence key and the number of its window (see ``_windows``).
LIVE_COLUMNS = (
    sa.column("cohort_id", sa.Integer),
    sa.column("joined_on", sa.Date),
    sa.column("exited_on", sa.Date),
    sa.column("schedule_id", sa.Integer),
    sa.column("instrument_id", sa.Integer),
    sa.column("occurrence_key", sa.String),
    sa.column("window_no", sa.Integer),
)
#: The notice current for a window on a recipient's clock: window number, zone, kind,
#: until when it is current (the row's expiry) and when the window closes (ISO text).
NOTICE_COLUMNS = (
    sa.column("window_no", sa.Integer),
    sa.column("zone", sa.String),
    sa.column("kind", sa.String),
    sa.column("until", UTCDateTime),
    sa.column("closes_at", sa.String),
)
Window = tuple[datetime, datetime]  # opens, closes (UTC)


def _windows(
    live: dict[tuple[int, Group], list[tuple[Occurrence, datetime, datetime]]],
    schedules: dict[int, ScheduleRow],
) -> tuple[list[Window], list[tuple[Any, ...]]]:
    """The distinct windows of the live occurrences, and one ``LIVE_COLUMNS`` row each."""
    numbers: dict[Window, int] = {}
    rows = []
    for (schedule_id, (joined_on, exited_on)), found in live.items():
        schedule = schedules[schedule_id]
        for occ, opens, closes in found:
            number = numbers.setdefault((opens, closes), len(numbers))
            rows.append(
                (schedule.cohort_id, joined_on, exited_on, schedule_id, schedule.instrument_id,
                 occ.key, number)
            )  # fmt: skip
    return list(numbers), rows


def _zones(cohort_ids: set[int]) -> list[str]:
    """The zones of the people who may be owed a notice (a handful in any organisation)."""
    return list(
        db.session.scalars(
            sa.select(User.timezone)
            .join(Membership, Membership.user_id == User.id)
            .where(one_of(Membership.cohort_id, cohort_ids), joined_clause(), User.active)
            .distinct()
        )
    )


def _notices(
    windows: list[Window], zones: list[str], now: datetime
) -> dict[tuple[int, str], tuple[str, datetime]]:
    """(window number, zone) -> the kind current at ``now`` there and until when.

    Each recipient hears at ``SEND_HOUR`` on their own clock, so whether "open" or
    "closing soon" is current (or neither) is worked out once per window and zone.
    """
    found = {}
    for number, (opens, closes) in enumerate(windows):
        for zone in zones:
            current = window(notice_moments(opens, closes, zone), closes, now)
            if current is not None:
                index, until = current
                found[(number, zone)] = (OPEN_KIND if index == 0 else CLOSING_KIND, until)
    return found


def _owed(live_rows: list[tuple[Any, ...]], notice_rows: list[tuple[Any, ...]]) -> sa.Select[Any]:
    """The rows (``row_columns``) of the members owed a current notice: not answered that
    occurrence, not offered that notice on an earlier pass. Both are left out in SQL, so
    the passes while a notice stays current read only the people who joined since.
    """
    live = rows_table("live", LIVE_COLUMNS, live_rows)
    notice = rows_table("notice", NOTICE_COLUMNS, notice_rows)
    answered = sa.exists().where(
        AssessmentResponse.cohort_id == Membership.cohort_id,
        AssessmentResponse.user_id == Membership.user_id,
        AssessmentResponse.instrument_id == live.c.instrument_id,
        AssessmentResponse.occurrence_key == live.c.occurrence_key,
        AssessmentResponse.status == "submitted",
    )
    occurrence = (live.c.schedule_id, live.c.occurrence_key)
    params = {
        "schedule_id": live.c.schedule_id,
        "key": live.c.occurrence_key,
        "closes_at": notice.c.closes_at,
    }
    return (
        sa.select(*row_columns(notice.c.kind, occurrence, params, notice.c.until))
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .join(
            live,
            sa.and_(
                live.c.cohort_id == Membership.cohort_id,
                live.c.joined_on.is_not_distinct_from(Membership.joined_on),
                live.c.exited_on.is_not_distinct_from(Membership.exited_on),
            ),
        )
        .join(
            notice,
            sa.and_(notice.c.window_no == live.c.window_no, notice.c.zone == User.timezone),
        )
        .where(joined_clause(), User.active, ~answered)
        .where(not_offered(notice.c.kind, User.id, *occurrence))
    )


def owed_checkins(now: datetime) -> sa.Select[Any] | None:
    """The rows (``row_columns``) of the check-in notices due at ``now`` and not offered
    yet, or None when no window has a notice current (two statements then, three when
    some window is live, one more for schedules that chose meetings).
    """
    schedules, dates = _schedules()
    live = _live(schedules, dates, now)
    if not live:
        return None
    by_id = {s.id: s for s in schedules}
    windows, live_rows = _windows(live, by_id)
    notices = _notices(windows, _zones({row[0] for row in live_rows}), now)
    noticed = {number for number, _zone in notices}
    live_rows = [row for row in live_rows if row[-1] in noticed]  # the rest owe nothing now
    if not live_rows:
        return None
    notice_rows = [
        (number, zone, kind, until, windows[number][1].isoformat())
        for (number, zone), (kind, until) in notices.items()
    ]
    return _owed(live_rows, notice_rows)


def scan_checkins(now: datetime) -> int:
    """Write the check-in notices due at ``now`` (one statement more than
    ``owed_checkins``); returns how many rows were new."""
    owed = owed_checkins(now)
    return 0 if owed is None else enqueue_selected(owed)
