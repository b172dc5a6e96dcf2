"""Spreadsheet formula injection is defused in every CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from groupapp.core.csv_safe import safe_cell, write_rows


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
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
