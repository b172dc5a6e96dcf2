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
    """One check-in: a stable key, its date and its open window.

    What to call it (``label``) follows from the key and date, and is worked out in the
    reader's language when read: the worker's scan works out tens of thousands of
    occurrences and reads none of their names.
    """

    key: str
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

    @property
    def label(self) -> str:
        """What to call it: "Baseline", "Week 4", "Meeting on 2 February 2026", ..."""
        kind = self.kind
        if kind == "baseline":
            return gettext("Baseline")
        if kind == "week":
            return gettext("Week %(number)s", number=int(self.key.split("-", 1)[1]))
        if kind == "meeting":
            return gettext("Meeting on %(day)s", day=format_day_month_year(self.due_on))
        return gettext("End of the group")


Days = tuple[date, date]  # first and last, inclusive


def _weeks(every: int, start: date, end: date, due_within: Days | None) -> list[tuple[str, date]]:
    """Every ``every`` weeks after ``start``, before ``end``; only those ``due_within``."""
    step = 7 * every
    first = 1
    if due_within is not None:
        first = max(1, -(-(due_within[0] - start).days // step))  # ceiling division
        end = min(end, due_within[1] + timedelta(days=1))
    found = []
    due = start + timedelta(days=first * step)
    while due < end:
        found.append((f"week-{(due - start).days // 7}", due))
        due += timedelta(days=step)
    return found


def _candidates(
    rule: ScheduleRule,
    start: date | None,
    end: date | None,
    joined_on: date,
    due_within: Days | None,
) -> list[tuple[str, date]]:
    found: list[tuple[str, date]] = []
    if rule.at_baseline:
        found.append(("baseline", joined_on))
    if rule.every_weeks and start and end:
        found.extend(_weeks(rule.every_weeks, start, end, due_within))
    for meeting_id, day in sorted(rule.meeting_dates.items(), key=lambda kv: kv[1]):
        found.append((f"meeting-{meeting_id}", day))
    if rule.at_end and end:
        found.append(("end", end))
    return found


def occurrences(
    rule: ScheduleRule,
    *,
    cohort_start: date | None,
    cohort_end: date | None,
    joined_on: date,
    exited_on: date | None = None,
    open_within: Days | None = None,
) -> list[Occurrence]:
    """Every occurrence for a member who joined on ``joined_on``, in date order.

    Occurrences due before joining (other than the baseline) or after leaving are
    dropped, and of several due on the same day only one is kept (see PRIORITY).
    ``open_within`` keeps only those whose window is open on one of those days at
    least (what a scan at a moment needs, without working out the whole year).
    """
    before = timedelta(days=rule.window_before_days)
    after = timedelta(days=rule.window_after_days)
    first, last = open_within or (None, None)
    # A window opens ``before`` days ahead of its day (on the day itself for the baseline)
    # and closes ``after`` days after it.
    due_within = (first - after, last + before) if first and last else None
    by_day: dict[date, tuple[str, date]] = {}
    for key, due in _candidates(rule, cohort_start, cohort_end, joined_on, due_within):
        if key != "baseline" and due <= joined_on:
            continue
        if exited_on is not None and due > exited_on:
            continue
        if first is not None and last is not None:
            opens = due if key == "baseline" else due - before
            if opens > last or due + after < first:
                continue
        kept = by_day.get(due)
        if kept is None or PRIORITY.index(key.split("-")[0]) < PRIORITY.index(
            kept[0].split("-")[0]
        ):
            by_day[due] = (key, due)
    result = []
    for key, due in sorted(by_day.values(), key=lambda entry: entry[1]):
        opens = due if key == "baseline" else due - before
        result.append(Occurrence(key, due, opens, due + after))
    return result
