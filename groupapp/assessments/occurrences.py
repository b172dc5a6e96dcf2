"""When check-ins fall due: occurrences of a schedule for one member, as plain data.

Pure functions over dates so the rules (baseline on joining, every N weeks, chosen
meetings, the end, open windows) are tested without a database.

A window runs on the cohort's calendar: from the first moment of ``opens_on`` to the
first moment of the day after ``closes_on`` in the cohort's zone. Those two instants
(``opens_at`` / ``closes_at``) are what is enforced, shown to each viewer in their own
zone, and what reminders are timed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext

from groupapp.core.timezones import format_day_month_year, start_of_day

# When two occurrences fall on the same day only the first of these kinds is asked.
PRIORITY = ("baseline", "end", "meeting", "week")


@dataclass(frozen=True)
class ScheduleRule:
    """The parts of a schedule that decide its dates."""

    at_baseline: bool
    every_weeks: int | None
    meeting_dates: dict[int, date]  # chosen meetings: id -> local date
    at_end: bool
    window_before_days: int
    window_after_days: int


@dataclass(frozen=True)
class Occurrence:
    """One check-in: a stable key, what to call it, its date and its open window."""

    key: str
    label: str
    due_on: date
    opens_on: date
    closes_on: date

    def opens_at(self, zone: str) -> datetime:
        """The UTC instant the window opens: the start of ``opens_on`` in the cohort's zone."""
        return start_of_day(self.opens_on, zone)

    def closes_at(self, zone: str) -> datetime:
        """The UTC instant the window closes: the end of ``closes_on`` in the cohort's zone.

        The window is open strictly before this instant.
        """
        return start_of_day(self.closes_on + timedelta(days=1), zone)

    def is_open(self, now: datetime, zone: str) -> bool:
        """True while ``now`` (UTC) is inside the window of a cohort in ``zone``."""
        return self.opens_at(zone) <= now < self.closes_at(zone)

    @property
    def kind(self) -> str:
        """ "baseline", "end", "meeting" or "week"."""
        return self.key.split("-", 1)[0]


def _candidates(
    rule: ScheduleRule, start: date | None, end: date | None, joined_on: date
) -> list[tuple[str, str, date]]:
    found: list[tuple[str, str, date]] = []
    if rule.at_baseline:
        found.append(("baseline", gettext("Baseline"), joined_on))
    if rule.every_weeks and start and end:
        week = rule.every_weeks
        due = start + timedelta(weeks=week)
        while due < end:
            weeks = (due - start).days // 7
            found.append((f"week-{weeks}", gettext("Week %(number)s", number=weeks), due))
            due += timedelta(weeks=week)
    for meeting_id, day in sorted(rule.meeting_dates.items(), key=lambda kv: kv[1]):
        label = gettext("Meeting on %(day)s", day=format_day_month_year(day))
        found.append((f"meeting-{meeting_id}", label, day))
    if rule.at_end and end:
        found.append(("end", gettext("End of the group"), end))
    return found


def occurrences(
    rule: ScheduleRule,
    *,
    cohort_start: date | None,
    cohort_end: date | None,
    joined_on: date,
    exited_on: date | None = None,
) -> list[Occurrence]:
    """Every occurrence for a member who joined on ``joined_on``, in date order.

    Occurrences due before joining (other than the baseline) or after leaving are
    dropped, and of several due on the same day only one is kept (see PRIORITY).
    """
    by_day: dict[date, tuple[str, str, date]] = {}
    for key, label, due in _candidates(rule, cohort_start, cohort_end, joined_on):
        if key != "baseline" and due <= joined_on:
            continue
        if exited_on is not None and due > exited_on:
            continue
        kept = by_day.get(due)
        if kept is None or PRIORITY.index(key.split("-")[0]) < PRIORITY.index(
            kept[0].split("-")[0]
        ):
            by_day[due] = (key, label, due)
    before = timedelta(days=rule.window_before_days)
    after = timedelta(days=rule.window_after_days)
    result = []
    for key, label, due in sorted(by_day.values(), key=lambda entry: entry[2]):
        opens = due if key == "baseline" else due - before
        result.append(Occurrence(key, label, due, opens, due + after))
    return result
