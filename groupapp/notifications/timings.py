"""A cohort's reminder timings: hours before meetings, days after missed homework, and how
long an unacknowledged risk alert waits before the organisation's admins are told."""

from __future__ import annotations

from groupapp.core.rows import get_or_create
from groupapp.db import db
from groupapp.notifications.models import (
    DEFAULT_ESCALATION_MINUTES,
    DEFAULT_OVERDUE_DAYS,
    DEFAULT_REMINDER_HOURS,
    CohortNotificationSettings,
)

MAX_REMINDER_HOURS = 168  # a week: the meeting scanner looks eight days ahead
MAX_OVERDUE_DAYS = 14  # the homework scanner looks fifteen days back
MAX_VALUES = 4


class TimingError(ValueError):
    """A list of offsets that cannot be used, with a message for the form."""


def parse_offsets(text: str, maximum: int, unit: str) -> list[float]:
    """``"24, 1"`` → ``[24.0, 1.0]`` (largest first), or ``TimingError``."""
    values = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        try:
            value = float(part)
        except ValueError:
            raise TimingError(f"“{part.strip()}” is not a number of {unit}.") from None
        if not 0 < value <= maximum:
            raise TimingError(f"Each value must be more than 0 and at most {maximum} {unit}.")
        values.append(value)
    if len(set(values)) > MAX_VALUES:
        raise TimingError(f"Choose at most {MAX_VALUES} values.")
    return sorted(set(values), reverse=True)


def timings_for(cohort_id: int) -> CohortNotificationSettings:
    """The stored timings, or an unsaved row holding the defaults."""
    return db.session.get(CohortNotificationSettings, cohort_id) or CohortNotificationSettings(
        cohort_id=cohort_id,
        reminder_hours=list(DEFAULT_REMINDER_HOURS),
        overdue_days=list(DEFAULT_OVERDUE_DAYS),
        escalation_minutes=DEFAULT_ESCALATION_MINUTES,
    )


def save_timings(
    cohort_id: int, reminder_hours: list[float], overdue_days: list[float], escalation: int
) -> CohortNotificationSettings:
    """Store a cohort's timings (flushes); an empty list turns that reminder off.

    Two facilitators saving the first timings at once both succeed: the row is created
    once and the later save wins.
    """
    row = get_or_create(CohortNotificationSettings, {"cohort_id": cohort_id})
    row.reminder_hours = reminder_hours
    row.overdue_days = overdue_days
    row.escalation_minutes = escalation
    db.session.flush()
    return row


def format_offsets(values: list[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)
