"""Creating, changing and removing a cohort's check-in schedules."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule, Instrument
from groupapp.audit.services import record
from groupapp.cohorts.models import Cohort
from groupapp.db import db
from groupapp.meetings.models import Meeting

#: How far apart repeated check-ins may be, and how long a window may open before and
#: stay open after its date (days); the schedule form and the API both take these.
EVERY_WEEKS_RANGE = (1, 52)
WINDOW_BEFORE_RANGE = (0, 14)
WINDOW_AFTER_RANGE = (0, 28)


@dataclass(frozen=True)
class ScheduleSettings:
    """What a facilitator chose for one instrument in one cohort."""

    at_baseline: bool = True
    every_weeks: int | None = None
    meeting_ids: tuple[int, ...] = ()
    at_end: bool = True
    window_before_days: int = 2
    window_after_days: int = 5


def cohort_schedules(cohort: Cohort) -> list[AssessmentSchedule]:
    """The cohort's schedules with their instruments."""
    return list(
        db.session.scalars(
            sa.select(AssessmentSchedule)
            .where(AssessmentSchedule.cohort_id == cohort.id)
            .join(AssessmentSchedule.instrument)
            .order_by(Instrument.short_name)
        )
    )


def schedulable_meetings(cohort: Cohort) -> list[Meeting]:
    """The cohort's meetings a check-in can be tied to (not cancelled), in time order."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.cohort_id == cohort.id, Meeting.status != "cancelled")
            .order_by(Meeting.starts_at)
        )
    )


def save_schedule(
    cohort: Cohort, instrument: Instrument, settings: ScheduleSettings
) -> AssessmentSchedule:
    """Set (create or replace) the cohort's schedule for ``instrument``.

    Responses already given keep their occurrence keys, so changing a schedule never
    loses or rescores an answer.
    """
    if instrument.organisation_id != cohort.organisation_id:
        raise ValueError("instrument of another organisation")
    schedule = db.session.scalar(
        sa.select(AssessmentSchedule).where(
            AssessmentSchedule.cohort_id == cohort.id,
            AssessmentSchedule.instrument_id == instrument.id,
        )
    )
    if schedule is None:
        schedule = AssessmentSchedule(cohort=cohort, instrument=instrument)
        db.session.add(schedule)
    schedule.at_baseline = settings.at_baseline
    schedule.every_weeks = settings.every_weeks
    schedule.meeting_ids = list(settings.meeting_ids)
    schedule.at_end = settings.at_end
    schedule.window_before_days = settings.window_before_days
    schedule.window_after_days = settings.window_after_days
    db.session.flush()
    record("assessment.schedule.save", schedule)
    return schedule


def delete_schedule(schedule: AssessmentSchedule) -> None:
    """Stop asking; answers already given stay (their schedule link becomes empty)."""
    record("assessment.schedule.delete", schedule)
    db.session.execute(
        sa.update(AssessmentResponse)
        .where(AssessmentResponse.schedule_id == schedule.id)
        .values(schedule_id=None)
    )
    db.session.delete(schedule)
    db.session.flush()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def schedule_summary(schedule: AssessmentSchedule, meeting_labels: dict[int, str]) -> str:
    """E.g. "on joining, every 4 weeks, at the end; open from 2 days before to 5 days after"."""
    parts = []
    if schedule.at_baseline:
        parts.append("on joining")
    if schedule.every_weeks:
        parts.append(f"every {_plural(schedule.every_weeks, 'week')}")
    parts += [
        f"meeting of {meeting_labels[m]}" for m in schedule.meeting_ids if m in meeting_labels
    ]
    if schedule.at_end:
        parts.append("at the end")
    window = (
        f"open from {_plural(schedule.window_before_days, 'day')} before to "
        f"{_plural(schedule.window_after_days, 'day')} after"
    )
    return f"{', '.join(parts) or 'no dates chosen'}; {window}"
