"""A wall time shown twice on a fall-back day names which of the two it is, in every language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groupapp.core.timezones import format_for_viewer, format_time

MINUS = "\u2212"

# Per zone: the first of the two moments the clock reads the same, how English and
# Spanish write that wall time, and what each adds to tell the first from the second.
FOLDS = [
    (
        "America/New_York",
        datetime(2027, 11, 7, 5, 30, tzinfo=UTC),
        ("Sun 7 Nov 2027, 1:30 am", ("EDT", "EST")),
        ("domingo, 7 de noviembre de 2027, 01:30", (f"UTC{MINUS}4", f"UTC{MINUS}5")),
    ),
    (
        "Europe/London",
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
        ("Sun 31 Oct 2027, 1:30 am", ("BST", "GMT")),
        ("domingo, 31 de octubre de 2027, 01:30", ("UTC+1", "UTC+0")),
    ),
    (
        "Australia/Sydney",
        datetime(2027, 4, 3, 15, 30, tzinfo=UTC),
        ("Sun 4 Apr 2027, 2:30 am", ("AEDT", "AEST")),
        ("domingo, 4 de abril de 2027, 02:30", ("UTC+11", "UTC+10")),
    ),
]


@pytest.mark.parametrize(("zone", "first", "english", "spanish"), FOLDS)
def test_fold_time_names_its_offset(
    zone: str,
    first: datetime,
    english: tuple[str, tuple[str, str]],
    spanish: tuple[str, tuple[str, str]],
) -> None:
    for which, moment in enumerate((first, first + timedelta(hours=1))):
        assert format_for_viewer(moment, zone, "en") == f"{english[0]} {english[1][which]} ({zone})"
        assert format_for_viewer(moment, zone, "es") == f"{spanish[0]} {spanish[1][which]} ({zone})"
        clock = spanish[0].rsplit(", ", 1)[1]
        assert format_time(moment, zone, "es") == f"{clock} {spanish[1][which]} ({zone})"


def test_unambiguous_spanish_time_carries_no_offset() -> None:
    moment = datetime(2027, 11, 7, 17, 30, tzinfo=UTC)
    assert format_for_viewer(moment, "America/New_York", "es") == (
        "domingo, 7 de noviembre de 2027, 12:30 (America/New_York)"
    )


ZONES = st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"])
MINUTES = st.integers(min_value=0, max_value=60 * 24 * 365 * 3)


@given(zone=ZONES, first=MINUTES, second=MINUTES, language=st.sampled_from(["en", "es"]))
def test_formatted_text_identifies_the_instant(
    zone: str, first: int, second: int, language: str
) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    one, other = start + timedelta(minutes=first), start + timedelta(minutes=second)
    if one != other:
        assert format_for_viewer(one, zone, language) != format_for_viewer(other, zone, language)


@given(
    fold=st.sampled_from(FOLDS),
    first=st.integers(min_value=-180, max_value=180),
    second=st.integers(min_value=-180, max_value=180),
    language=st.sampled_from(["en", "es"]),
)
def test_instants_near_a_fold_read_differently(
    fold: tuple[str, datetime, object, object], first: int, second: int, language: str
) -> None:
    zone, start = fold[0], fold[1]
    one, other = start + timedelta(minutes=first), start + timedelta(minutes=second)
    if one != other:
        assert format_for_viewer(one, zone, language) != format_for_viewer(other, zone, language)
