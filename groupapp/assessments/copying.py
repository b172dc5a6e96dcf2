"""Check-in schedules' share of "start a new cohort like this one": each schedule is set
again on the new cohort, chosen meetings mapped to the meetings at the same place in the
new series."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.assessments.schedules import ScheduleSettings, cohort_schedules, save_schedule
from groupapp.assessments.schedules import schedule_summary as summary
from groupapp.cohorts.copy import CopyPlan, register_copy_part
from groupapp.cohorts.models import Cohort


def describe(plan: CopyPlan) -> list[str]:
    """One line per schedule, with the new dates of its chosen meetings."""
    labels = {}
    for meeting_id in plan.source_positions:
        local = plan.same_meeting(meeting_id)
        if local is not None:
            labels[meeting_id] = f"{local.day} {local:%b %Y}"
    return [
        f"{s.instrument.short_name}: {summary(s, labels)}" for s in cohort_schedules(plan.source)
    ]


def apply(plan: CopyPlan, cohort: Cohort, meeting_ids: dict[int, int], actor: User) -> None:
    """Set each of the source's schedules on the new cohort."""
    for schedule in cohort_schedules(plan.source):
        settings = ScheduleSettings(
            at_baseline=schedule.at_baseline,
            every_weeks=schedule.every_weeks,
            meeting_ids=tuple(meeting_ids[m] for m in schedule.meeting_ids if m in meeting_ids),
            at_end=schedule.at_end,
            window_before_days=schedule.window_before_days,
            window_after_days=schedule.window_after_days,
        )
        save_schedule(cohort, schedule.instrument, settings)


register_copy_part("Check-ins", describe, apply)
