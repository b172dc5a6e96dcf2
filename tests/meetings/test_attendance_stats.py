"""Attendance rates and absence runs, as rosters and alerts rely on them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groupapp.meetings.attendance_stats import (
    STATUSES,
    attendance_rate,
    consecutive_absences,
    summarise,
)


@pytest.mark.parametrize(
    ("statuses", "run"),
    [
        ([], 0),
        (["present"], 0),
        (["absent"], 1),
        (["present", "absent", "absent"], 2),
        (["absent", "absent", "late"], 0),
        (["absent", "present", "absent"], 1),
        # Apologies neither count nor break the run.
        (["present", "absent", "excused", "absent"], 2),
        (["present", "excused", "excused"], 0),
        # A meeting with nothing recorded yet is skipped.
        (["absent", None, "absent"], 2),
    ],
)
def test_consecutive_absences_counts_back_from_the_latest(
    statuses: list[str | None], run: int
) -> None:
    assert consecutive_absences(statuses) == run


def test_rate_leaves_out_excused_and_unrecorded() -> None:
    assert attendance_rate(["present", "late", "absent", "excused", None]) == pytest.approx(2 / 3)
    assert attendance_rate(["excused", None]) is None
    assert attendance_rate([]) is None


def test_summary_counts_and_flags() -> None:
    summary = summarise(["present", "late", "excused", "absent", "absent"])
    assert (summary.present, summary.late, summary.excused, summary.absent) == (1, 1, 1, 2)
    assert summary.percent == "50%"
    assert summary.absence_run == 2
    assert summary.flagged(2)
    assert not summary.flagged(3)
    assert not summary.flagged(0)  # 0 switches the alert off
    assert summarise([]).percent == "\u2013"


statuses_strategy = st.lists(st.sampled_from([*STATUSES, None]), max_size=30)


@given(statuses_strategy, st.data())
def test_sending_apologies_never_lowers_the_rate(statuses: list[str | None], data) -> None:  # type: ignore[no-untyped-def]
    absent_positions = [i for i, s in enumerate(statuses) if s == "absent"]
    if not absent_positions:
        return
    position = data.draw(st.sampled_from(absent_positions))
    excused = [*statuses[:position], "excused", *statuses[position + 1 :]]
    before, after = attendance_rate(statuses), attendance_rate(excused)
    assert after is None or before is None or after >= before


@given(statuses_strategy)
def test_run_never_exceeds_recorded_absences(statuses: list[str | None]) -> None:
    assert 0 <= consecutive_absences(statuses) <= statuses.count("absent")
