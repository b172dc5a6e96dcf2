"""Check-in windows: "check-in open" when a window opens, "closing soon" the day before
it closes; never for an occurrence already answered.

Windows follow the cohort's calendar (a window closes at the end of its last day on the
cohort's clock), but each email goes out at ``SEND_HOUR`` on the *recipient's* clock: the
"open" email at the first such hour once the window is open, "closing soon" at the last
such hour at least a day before the closing moment, which the email names in the
recipient's zone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.checkins import schedule_occurrences
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule
from groupapp.assessments.occurrences import Occurrence
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.outbox import enqueue_many
from groupapp.db import db
from groupapp.meetings.models import Meeting
from groupapp.notifications.scanners.common import (
    Person,
    local_hour_after,
    local_hour_before,
    row,
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


def _may_be_live(occ: Occurrence, today: date) -> bool:
    """A cheap date test before the exact instants: zones are within a day of UTC."""
    return occ.opens_on - LIVE_MARGIN - timedelta(days=1) <= today <= occ.closes_on + ONE_DAY


#: A notice can fall this long before its window opens at the earliest (none do today).
LIVE_MARGIN = timedelta(days=2)
ONE_DAY = timedelta(days=1)
Group = tuple[date | None, date | None]  # a membership's joined_on and exited_on


def _schedules() -> list[AssessmentSchedule]:
    return list(
        db.session.scalars(
            sa.select(AssessmentSchedule)
            .join(Cohort, Cohort.id == AssessmentSchedule.cohort_id)
            .where(Cohort.status == "active")
            .options(sa.orm.contains_eager(AssessmentSchedule.cohort))
        )
    )


def _dates_that_matter(schedules: list[AssessmentSchedule]) -> dict[int, dict[int, date]]:
    """Per cohort: its first and last meeting's dates and the dates of chosen meetings.

    That is all ``schedule_occurrences`` reads of a cohort's calendar (the first and last
    dates bound it, chosen meetings are looked up by id), so the scanner reads two rows
    per cohort from an aggregate instead of every meeting of the year. The first and
    last dates go under keys no meeting has (0 and -1).
    """
    active = sa.select(AssessmentSchedule.cohort_id).join(
        Cohort, Cohort.id == AssessmentSchedule.cohort_id
    )
    bounds = db.session.execute(
        sa.select(
            Meeting.cohort_id, sa.func.min(Meeting.local_start), sa.func.max(Meeting.local_start)
        )
        .where(
            Meeting.cohort_id.in_(active.where(Cohort.status == "active")),
            Meeting.status != "cancelled",
        )
        .group_by(Meeting.cohort_id)
    )
    dates: dict[int, dict[int, date]] = defaultdict(dict)
    for cohort_id, earliest, latest in bounds:
        dates[cohort_id][0] = date.fromisoformat(earliest[:10])
        dates[cohort_id][-1] = date.fromisoformat(latest[:10])
    chosen = sorted({i for s in schedules for i in s.meeting_ids or []})
    for meeting_id, cohort_id, local_start in db.session.execute(
        sa.select(Meeting.id, Meeting.cohort_id, Meeting.local_start).where(
            Meeting.id.in_(chosen), Meeting.status != "cancelled"
        )
    ):
        dates[cohort_id][meeting_id] = date.fromisoformat(local_start[:10])
    return dates


def _live(
    schedules: list[AssessmentSchedule], dates: dict[int, dict[int, date]], now: datetime
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
    today = now.date()
    for schedule in schedules:
        zone = schedule.cohort.timezone
        for group in groups.get(schedule.cohort_id, ()):
            member = Membership(joined_on=group[0], exited_on=group[1])
            found = []
            for occ in schedule_occurrences(schedule, member, dates.get(schedule.cohort_id, {})):
                if not _may_be_live(occ, today):
                    continue
                # The window itself is the assessments package's: opens and closes there.
                opens, closes = occ.opens_at(zone), occ.closes_at(zone)
                if opens - LIVE_MARGIN <= now < closes:
                    found.append((occ, opens, closes))
            if found:
                live[(schedule.id, group)] = found
    return live


def checkin_rows(now: datetime) -> list[dict[str, Any]]:
    """Rows for the check-in notices due at ``now`` (a fixed number of statements)."""
    schedules = _schedules()
    live = _live(schedules, _dates_that_matter(schedules), now)
    by_id = {s.id: s for s in schedules}
    cohort_ids = sorted({by_id[schedule_id].cohort_id for schedule_id, _ in live})
    keys = sorted({occ.key for found in live.values() for occ, _, _ in found})
    members = db.session.execute(
        sa.select(
            Membership.cohort_id,
            Membership.joined_on,
            Membership.exited_on,
            User.id,
            User.email,
            User.organisation_id,
            User.timezone,
        )
        .join(User, User.id == Membership.user_id)
        .where(Membership.cohort_id.in_(cohort_ids), joined_clause(), User.active)
    ).all()
    answered = set(
        db.session.execute(
            sa.select(
                AssessmentResponse.user_id,
                AssessmentResponse.cohort_id,
                AssessmentResponse.instrument_id,
                AssessmentResponse.occurrence_key,
            ).where(
                AssessmentResponse.cohort_id.in_(cohort_ids),
                AssessmentResponse.occurrence_key.in_(keys),
                AssessmentResponse.status == "submitted",
            )
        )
    )
    by_cohort: dict[int, list[tuple[Group, Person]]] = defaultdict(list)
    for cohort_id, joined_on, exited_on, user_id, email, org_id, zone in members:
        person = Person(user_id, email, org_id, zone)
        by_cohort[cohort_id].append(((joined_on, exited_on), person))
    # Each schedule's live occurrences by membership group, so members of a schedule
    # without any are passed over without looking at them.
    live_groups: dict[int, dict[Group, list[tuple[Occurrence, datetime, datetime]]]] = defaultdict(
        dict
    )
    for (schedule_id, group), found in live.items():
        live_groups[schedule_id][group] = found
    moments: dict[tuple[datetime, datetime, str], tuple[int, datetime] | None] = {}
    rows = []
    for schedule in schedules:
        groups = live_groups.get(schedule.id)
        if not groups:
            continue
        schedule_id, cohort_id = schedule.id, schedule.cohort_id
        instrument_id = schedule.instrument_id
        for group, person in by_cohort.get(cohort_id, []):
            for occ, opens, closes in groups.get(group, ()):
                if (person.id, cohort_id, instrument_id, occ.key) in answered:
                    continue
                # Members share windows and zones: each pair's notice is worked out once.
                pair = (opens, closes, person.timezone)
                if pair not in moments:
                    moments[pair] = window(notice_moments(*pair), closes, now)
                current = moments[pair]
                if current is None:
                    continue
                index, until = current
                kind = OPEN_KIND if index == 0 else CLOSING_KIND
                params = {
                    "schedule_id": schedule_id,
                    "key": occ.key,
                    "closes_at": closes.isoformat(),
                }
                occurrence = f"{schedule_id}:{occ.key}"
                rows.append(row(kind, person, occurrence, params, expires_at=until))
    return rows


def scan_checkins(now: datetime) -> int:
    return enqueue_many(checkin_rows(now))
