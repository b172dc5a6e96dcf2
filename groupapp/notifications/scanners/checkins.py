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
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.checkins import meeting_dates, schedule_occurrences
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule
from groupapp.assessments.occurrences import Occurrence
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.outbox import enqueue_many
from groupapp.core.timezones import to_utc
from groupapp.db import db
from groupapp.meetings.models import Meeting
from groupapp.notifications.scanners.common import (
    Person,
    joined,
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


def window_bounds(occ: Occurrence, cohort_zone: str) -> tuple[datetime, datetime]:
    """The UTC instants a check-in window opens and closes (the cohort's midnights)."""
    opens = to_utc(datetime.combine(occ.opens_on, time()), cohort_zone)
    closes = to_utc(datetime.combine(occ.closes_on + timedelta(days=1), time()), cohort_zone)
    return opens, closes


def notice_moments(opens: datetime, closes: datetime, zone: str) -> list[datetime]:
    """When the "open" and (if there is time for it) "closing soon" emails go out.

    Both at ``SEND_HOUR`` on ``zone``'s clock (the recipient's); a window too short for
    the hour to come round gets its "open" email as it opens.
    """
    opened = local_hour_after(opens, zone, SEND_HOUR)
    if opened >= closes:
        opened = opens
    closing = local_hour_before(closes - CLOSING_NOTICE, zone, SEND_HOUR)
    return [opened, closing] if closing > opened else [opened]


def _load(now: datetime) -> tuple[list[Any], Sequence[Any], dict[int, Any], set[Any]]:
    schedules = list(
        db.session.scalars(
            sa.select(AssessmentSchedule)
            .join(Cohort, Cohort.id == AssessmentSchedule.cohort_id)
            .where(Cohort.status == "active")
            .options(sa.orm.contains_eager(AssessmentSchedule.cohort))
        )
    )
    cohort_ids = {s.cohort_id for s in schedules}
    memberships = db.session.execute(
        sa.select(Membership, User.id, User.email, User.organisation_id, User.timezone)
        .join(User, User.id == Membership.user_id)
        .where(Membership.cohort_id.in_(cohort_ids), joined(), User.active)
    ).all()
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in db.session.scalars(sa.select(Meeting).where(Meeting.cohort_id.in_(cohort_ids))):
        meetings[meeting.cohort_id].append(meeting)
    answered = set(
        db.session.execute(
            sa.select(
                AssessmentResponse.user_id,
                AssessmentResponse.cohort_id,
                AssessmentResponse.instrument_id,
                AssessmentResponse.occurrence_key,
            ).where(
                AssessmentResponse.cohort_id.in_(cohort_ids),
                AssessmentResponse.status == "submitted",
            )
        ).all()
    )
    dates = {cohort_id: meeting_dates(found) for cohort_id, found in meetings.items()}
    return schedules, memberships, dates, answered


def checkin_rows(now: datetime) -> list[dict[str, Any]]:
    schedules, memberships, dates, answered = _load(now)
    by_cohort = defaultdict(list)
    for membership, *user in memberships:
        by_cohort[membership.cohort_id].append((membership, Person(*user)))
    rows = []
    for schedule in schedules:
        zone = schedule.cohort.timezone
        for membership, person in by_cohort.get(schedule.cohort_id, []):
            occurrences = schedule_occurrences(
                schedule, membership, dates.get(schedule.cohort_id, {})
            )
            for occ in occurrences:
                done = (person.id, schedule.cohort_id, schedule.instrument_id, occ.key)
                if done in answered:
                    continue
                opens, closes = window_bounds(occ, zone)
                current = window(notice_moments(opens, closes, person.timezone), closes, now)
                if current is None:
                    continue
                index, until = current
                kind = OPEN_KIND if index == 0 else CLOSING_KIND
                params = {
                    "schedule_id": schedule.id,
                    "key": occ.key,
                    "closes_at": closes.isoformat(),
                }
                occurrence = f"{schedule.id}:{occ.key}"
                rows.append(row(kind, person, occurrence, params, expires_at=until))
    return rows


def scan_checkins(now: datetime) -> int:
    return enqueue_many(checkin_rows(now))
