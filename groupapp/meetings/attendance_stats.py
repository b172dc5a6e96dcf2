"""Attendance arithmetic shared by rosters, dashboards, digests and alerts.

Statuses are the strings stored on attendance rows: ``present``, ``late``,
``absent`` and ``excused``; ``None`` stands for a meeting with nothing recorded
yet. Callers pass them in meeting order (oldest first) and leave out cancelled
meetings, which nobody could attend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "ATTENDED",
    "STATUSES",
    "AttendanceSummary",
    "attendance_rate",
    "consecutive_absences",
    "summarise",
    "summarise_counts",
]

STATUSES = ("present", "late", "absent", "excused")
ATTENDED = frozenset({"present", "late"})


def consecutive_absences(statuses: Sequence[str | None]) -> int:
    """How many meetings in a row, counting back from the latest, were missed.

    Only ``absent`` counts. Attending (present or late) ends the run. An
    excused absence, or a meeting with nothing recorded yet, neither counts nor
    ends it: someone who sent apologies between two unexplained absences has
    still not been seen for a while, but the apology itself is not a missed
    meeting.
    """
    run = 0
    for status in reversed(statuses):
        if status in ATTENDED:
            break
        if status == "absent":
            run += 1
    return run


def attendance_rate(statuses: Iterable[str | None]) -> float | None:
    """Share of counted meetings attended, 0.0 to 1.0; None when nothing counts.

    Excused absences and unrecorded meetings are left out of both sides, so
    apologising in advance never lowers anyone's rate.
    """
    attended = counted = 0
    for status in statuses:
        if status in ATTENDED:
            attended += 1
            counted += 1
        elif status == "absent":
            counted += 1
    return attended / counted if counted else None


@dataclass(frozen=True)
class AttendanceSummary:
    """Counts per status plus the rate and the current absence run."""

    present: int
    late: int
    absent: int
    excused: int
    rate: float | None
    absence_run: int

    @property
    def percent(self) -> str:
        """The rate as "83%", or an en dash when nothing has been recorded."""
        return "\u2013" if self.rate is None else f"{round(self.rate * 100)}%"

    def flagged(self, threshold: int) -> bool:
        """True when the absence run has reached the cohort's alert threshold."""
        return threshold > 0 and self.absence_run >= threshold


def summarise(statuses: Sequence[str | None]) -> AttendanceSummary:
    """Everything a roster or dashboard shows about one person's attendance."""
    return AttendanceSummary(
        present=sum(1 for s in statuses if s == "present"),
        late=sum(1 for s in statuses if s == "late"),
        absent=sum(1 for s in statuses if s == "absent"),
        excused=sum(1 for s in statuses if s == "excused"),
        rate=attendance_rate(statuses),
        absence_run=consecutive_absences(statuses),
    )


def summarise_counts(counts: Mapping[str, int]) -> AttendanceSummary:
    """A group's summary from counts per status (as a database ``GROUP BY`` returns them).

    Rate and counts match :func:`summarise` over the same marks; ``absence_run`` is 0
    because a run belongs to one person, not to a group.
    """
    present, late = counts.get("present", 0), counts.get("late", 0)
    absent = counts.get("absent", 0)
    attended = present + late
    return AttendanceSummary(
        present=present,
        late=late,
        absent=absent,
        excused=counts.get("excused", 0),
        rate=attended / (attended + absent) if attended + absent else None,
        absence_run=0,
    )
