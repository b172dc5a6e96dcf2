"""A cohort's reminder timings: hours before meetings, days after missed homework, and how
long an unacknowledged risk alert waits before the organisation's admins are told."""

from __future__ import annotations

import re

from flask_babel import gettext as _

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


# Offsets are kept to the whole minute: what the form shows is what it reads back.
_MINUTES_PER = {"hours": 60, "days": 24 * 60}
_NUMBER = re.compile(r"\d{1,4}(?:\.\d{1,20})?")


def _not_a_number(shown: str, unit: str) -> str:
    if unit == "hours":
        return _("“%(value)s” is not a number of hours.", value=shown)
    return _("“%(value)s” is not a number of days.", value=shown)


def _out_of_bounds(maximum: int, unit: str) -> str:
    if unit == "hours":
        return _("Each value must be at least one minute and at most %(num)d hours.", num=maximum)
    return _("Each value must be at least one minute and at most %(num)d days.", num=maximum)


def parse_offsets(text: str, maximum: int, unit: str) -> list[float]:
    """``"24, 1"`` → ``[24.0, 1.0]`` (largest first, no repeats), or ``TimingError``.

    ``unit`` is "hours" or "days". Values are plain decimals ("1.5"), rounded to the
    whole minute, between one minute and ``maximum`` units; at most ``MAX_VALUES``.
    """
    per_unit = _MINUTES_PER[unit]
    minutes = set()
    for part in text.replace(";", ",").split(","):
        shown = part.strip()
        if not shown:
            continue
        if not _NUMBER.fullmatch(shown):
            raise TimingError(_not_a_number(shown[:20], unit))
        value = float(shown)
        rounded = round(value * per_unit)
        if rounded < 1 or value > maximum:
            raise TimingError(_out_of_bounds(maximum, unit))
        minutes.add(rounded)
    if len(minutes) > MAX_VALUES:
        raise TimingError(_("Choose at most %(num)d values.", num=MAX_VALUES))
    return [count / per_unit for count in sorted(minutes, reverse=True)]


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
    """``[24.0, 1.5]`` → ``"24, 1.5"``: enough digits that ``parse_offsets`` reads it back."""
    return ", ".join(f"{v:.10g}" for v in values)
