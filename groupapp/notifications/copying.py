"""Reminder timings' share of "start a new cohort like this one"."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.cohorts.copy import CopyPlan, register_copy_part
from groupapp.cohorts.models import Cohort
from groupapp.db import db
from groupapp.notifications.models import CohortNotificationSettings
from groupapp.notifications.timings import format_offsets, save_timings, timings_for


def describe(plan: CopyPlan) -> list[str]:
    """The timings the new cohort will use."""
    row = timings_for(plan.source.id)
    before = format_offsets(row.reminder_hours) or "none"
    after = format_offsets(row.overdue_days) or "none"
    return [
        f"Meeting reminders (hours before): {before}",
        f"Overdue homework nudges (days after): {after}",
        f"Risk alert escalation after {row.escalation_minutes} minutes",
    ]


def apply(plan: CopyPlan, cohort: Cohort, meeting_ids: dict[int, int], actor: User) -> None:
    """Store the source's timings on the new cohort (nothing when it uses the defaults)."""
    row = db.session.get(CohortNotificationSettings, plan.source.id)
    if row is not None:
        save_timings(
            cohort.id, list(row.reminder_hours), list(row.overdue_days), row.escalation_minutes
        )


register_copy_part("Reminder timings", describe, apply)
