"""Spreadsheet formula injection is defused in every CSV export."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groupapp.core.csv_safe import FORMULA_STARTS, safe_cell, write_rows


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t1+1",
        "\r1+1",
        "  =1+1",
        "|calc",
        "%0A=1",
    ],
)
def test_formula_starts_become_text(text):
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert cell.startswith("'")
    assert cell[1:] == text


@pytest.mark.parametrize("value", ["hello", "I felt calmer = good", "3 - 2", ""])
def test_ordinary_text_is_unchanged(value):
    assert safe_cell(value) == value


def test_numbers_and_empty_values():
    assert safe_cell(-3) == -3
    assert safe_cell(2.5) == 2.5
    assert safe_cell(None) == ""
    assert safe_cell(True) == "yes"


def test_write_rows_round_trips_through_a_csv_reader():
    body = write_rows(["name", "note"], [["Sam", "=cmd|' /C calc'!A0"], ["Noor", 'said "hi"']])
    rows = list(csv.reader(io.StringIO(body)))
    assert rows == [["name", "note"], ["Sam", "'=cmd|' /C calc'!A0"], ["Noor", 'said "hi"']]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim;=cmd|' /C calc'!A0;", "Kim;'=cmd|' /C calc'!A0;"),
        ("Kim,+1", "Kim,'+1"),
        ("a\t@SUM(A1)", "a\t'@SUM(A1)"),
        ("line one\n-2+3", "line one\n'-2+3"),
        ("x; =1", "x;' =1"),
        ("\t=1+1", "'\t'=1+1"),
        ("\r=1+1", "'\r'=1+1"),
    ],
)
def test_every_segment_a_spreadsheet_may_split_on_is_defused(text, expected):
    assert safe_cell(text) == expected


SEPARATORS = re.compile("[,;\t\r\n]")


@given(st.text(alphabet=st.sampled_from(list("ab =+-@|%,;\t\r\n'\"é")) | st.characters()))
def test_no_segment_of_any_text_starts_a_formula(text):
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert cell.replace("'", "") == text.replace("'", "")
    for segment in [cell, *SEPARATORS.split(cell)[1:]]:
        assert segment.startswith("'") or not segment.lstrip(" ").startswith(FORMULA_STARTS)


def test_a_display_name_in_the_audit_export_cannot_become_a_formula(client, factories, login, app):
    admin = factories.user("admin", name="Kim;=cmd|' /C calc'!A0;")
    login(admin)  # signing in writes an audit row naming the admin
    body = client.get("/audit/export.csv").get_data(as_text=True)
    assert "Kim;'=cmd|' /C calc'!A0;" in body
    for line in body.splitlines():
        for segment in re.split("[,;\t]", line):
            assert not segment.strip(' "').startswith("=")
