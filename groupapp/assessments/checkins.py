"""Which check-ins are due, and answering them: drafts, submission and scoring.

A check-in is one occurrence of a cohort's schedule for one member. Answers are kept
as a draft until submitted; submission scores on the server, stores the scores with the
pinned instrument version, and raises risk alerts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule, Instrument
from groupapp.assessments.occurrences import Days, Occurrence, ScheduleRule, occurrences
from groupapp.audit.services import record
from groupapp.cohorts.models import Membership
from groupapp.cohorts.services import zone_today
from groupapp.core.memo import request_memo
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting

ANSWERING_MEMBERSHIP = ("active", "exited")


class CheckinClosed(ValueError):
    """The occurrence does not exist for this member, is not open, or was submitted."""


class NoSuchSchedule(LookupError):
    """No schedule with that id in a cohort the person answers check-ins in (a 404)."""


@dataclass(frozen=True)
class Checkin:
    """One occurrence of a schedule for one member, with its response if started."""

    schedule: AssessmentSchedule
    occurrence: Occurrence
    response: AssessmentResponse | None

    @property
    def submitted(self) -> bool:
        """True once the member submitted this occurrence."""
        return self.response is not None and self.response.is_submitted

    @property
    def opens_at(self) -> datetime:
        """The UTC instant the window opens (start of its first day in the cohort's zone)."""
        return self.occurrence.opens_at(self.schedule.cohort.timezone)

    @property
    def closes_at(self) -> datetime:
        """The UTC instant the window closes (end of its last day in the cohort's zone)."""
        return self.occurrence.closes_at(self.schedule.cohort.timezone)

    def is_open(self, now: datetime) -> bool:
        """True while ``now`` (UTC) is inside the window."""
        return self.occurrence.is_open(now, self.schedule.cohort.timezone)


def meeting_dates(meetings: list[Meeting]) -> dict[int, date]:
    """Local date of each meeting that is not cancelled."""
    return {
        m.id: date.fromisoformat(m.local_start[:10]) for m in meetings if m.status != "cancelled"
    }


class ScheduleTerms(Protocol):
    """What of a schedule decides its dates: an ``AssessmentSchedule``, or the same
    columns read as plain values (the worker's scan reads thousands of schedules)."""

    @property
    def at_baseline(self) -> bool: ...

    @property
    def every_weeks(self) -> int | None: ...

    @property
    def meeting_ids(self) -> list[int] | None: ...

    @property
    def at_end(self) -> bool: ...

    @property
    def window_before_days(self) -> int: ...

    @property
    def window_after_days(self) -> int: ...


def _rule(schedule: ScheduleTerms, dates: dict[int, date]) -> ScheduleRule:
    chosen = {i: dates[i] for i in schedule.meeting_ids or [] if i in dates}
    return ScheduleRule(
        at_baseline=schedule.at_baseline,
        every_weeks=schedule.every_weeks,
        meeting_dates=chosen,
        at_end=schedule.at_end,
        window_before_days=schedule.window_before_days,
        window_after_days=schedule.window_after_days,
    )


def schedule_occurrences(
    schedule: AssessmentSchedule, membership: Membership, dates: dict[int, date]
) -> list[Occurrence]:
    """Every occurrence of ``schedule`` for the member of ``membership``."""
    cohort = schedule.cohort
    return occurrences_for(
        schedule,
        cohort.start_date,
        cohort.timezone,
        membership.joined_on,
        membership.exited_on,
        dates,
    )


def occurrences_for(
    schedule: ScheduleTerms,
    cohort_start: date | None,
    cohort_zone: str,
    joined_on: date | None,
    exited_on: date | None,
    dates: dict[int, date],
    open_within: Days | None = None,
) -> list[Occurrence]:
    """The occurrences of ``schedule`` (a cohort's, which starts on ``cohort_start`` and
    keeps ``cohort_zone``'s calendar) for members who joined on ``joined_on`` (None: from
    the start) and left on ``exited_on`` (None: still there); ``dates`` are the cohort's
    meeting dates by id. ``open_within`` (first and last day) keeps those whose window is
    open on one of those days at least.
    """
    start = cohort_start or (min(dates.values()) if dates else None)
    end = max(dates.values()) if dates else None
    return occurrences(
        _rule(schedule, dates),
        cohort_start=start,
        cohort_end=end,
        joined_on=joined_on or start or zone_today(cohort_zone),
        exited_on=exited_on,
        open_within=open_within,
    )


def is_member(user: User, cohort_id: int) -> bool:
    """True when ``user`` answers check-ins in the cohort (an active or former member)."""
    return (
        db.session.scalar(
            sa.select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.cohort_id == cohort_id,
                Membership.status.in_(ANSWERING_MEMBERSHIP),
            )
        )
        is not None
    )


def _memberships(user: User) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.user_id == user.id, Membership.status.in_(ANSWERING_MEMBERSHIP))
            .options(joinedload(Membership.cohort))
        )
    )


def _schedules(cohort_ids: list[int]) -> list[AssessmentSchedule]:
    return list(
        db.session.scalars(
            sa.select(AssessmentSchedule)
            .where(AssessmentSchedule.cohort_id.in_(cohort_ids))
            # Each schedule has one cohort, instrument and current version: joined in the
            # same statement rather than read by three more (the start page runs this).
            .options(
                joinedload(AssessmentSchedule.cohort),
                joinedload(AssessmentSchedule.instrument).joinedload(Instrument.current_version),
            )
            .order_by(AssessmentSchedule.id)
        )
    )


def cohort_meeting_dates(cohort_ids: list[int]) -> dict[int, dict[int, date]]:
    """Meeting dates per cohort, in one query."""
    by_cohort: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in db.session.scalars(sa.select(Meeting).where(Meeting.cohort_id.in_(cohort_ids))):
        by_cohort[meeting.cohort_id].append(meeting)
    return {cohort_id: meeting_dates(by_cohort[cohort_id]) for cohort_id in cohort_ids}


def member_checkins(user: User) -> list[Checkin]:
    """Every check-in of every cohort ``user`` is in, in date order (fixed query count).

    Worked out once per request (the start page's check-in and goals panels both need
    it) until the session next writes.
    """
    return list(request_memo(f"member_checkins.{user.id}", lambda: _member_checkins(user)))


def _member_checkins(user: User) -> list[Checkin]:
    memberships = _memberships(user)
    cohort_ids = [m.cohort_id for m in memberships]
    if not cohort_ids:
        return []
    schedules = _schedules(cohort_ids)
    dates = cohort_meeting_dates(cohort_ids)
    responses = {
        (r.cohort_id, r.instrument_id, r.occurrence_key): r
        for r in db.session.scalars(
            sa.select(AssessmentResponse).where(AssessmentResponse.user_id == user.id)
        )
    }
    by_cohort = {m.cohort_id: m for m in memberships}
    found = []
    for schedule in schedules:
        membership = by_cohort[schedule.cohort_id]
        for occ in schedule_occurrences(schedule, membership, dates[schedule.cohort_id]):
            key = (schedule.cohort_id, schedule.instrument_id, occ.key)
            found.append(Checkin(schedule, occ, responses.get(key)))
    return sorted(found, key=lambda c: (c.occurrence.due_on, c.schedule.id))


def due_now(user: User) -> list[Checkin]:
    """Check-ins whose window is open at this instant and that are not yet submitted."""
    now = utcnow()
    return [c for c in member_checkins(user) if not c.submitted and c.is_open(now)]


def find_checkin(user: User, schedule: AssessmentSchedule, key: str) -> Checkin:
    """The open, unsubmitted check-in ``key`` of ``schedule`` for ``user`` (or CheckinClosed)."""
    for checkin in due_now(user):
        if checkin.schedule.id == schedule.id and checkin.occurrence.key == key:
            return checkin
    raise CheckinClosed(_("This check-in is not open for you now."))


def member_checkin(user: User, schedule_id: int, key: str) -> Checkin:
    """The open check-in ``key`` of schedule ``schedule_id`` for ``user``.

    Raises ``NoSuchSchedule`` unless the schedule is one of the user's cohorts' (so its
    existence is not revealed), and ``CheckinClosed`` when that occurrence is not open.
    """
    schedule = db.session.get(AssessmentSchedule, schedule_id)
    if schedule is None or not is_member(user, schedule.cohort_id):
        raise NoSuchSchedule(schedule_id)
    return find_checkin(user, schedule, key)


def start_response(user: User, checkin: Checkin) -> AssessmentResponse:
    """The member's draft for ``checkin``, created on the current instrument version."""
    if checkin.response is not None:
        return checkin.response
    schedule = checkin.schedule
    version = schedule.instrument.current()
    response = AssessmentResponse(
        organisation_id=schedule.cohort.organisation_id,
        cohort_id=schedule.cohort_id,
        user_id=user.id,
        schedule_id=schedule.id,
        instrument_id=schedule.instrument_id,
        instrument_version_id=version.id,
        occurrence_key=checkin.occurrence.key,
        due_on=checkin.occurrence.due_on,
        status="draft",
        answers={},
    )
    db.session.add(response)
    db.session.flush()
    record("assessment.response.create", response, subject_user_id=user.id)
    return response
