"""The page benchmark keeps working, and every key page's statements stay flat with data.

The clinic generator writes PostgreSQL SQL, so these run on PostgreSQL only. Two tiny
clinics (scale 0.01 and 0.03: three and nine cohorts) are enough to catch a page whose
statement count grows with the organisation; ``bench/pages.py`` measures the real sizes.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from bench.clinic import Clinic, generate
from bench.pages import TARGET_STATEMENTS, count_statements, key_pages, measure, table
from groupapp.db import db
from tests.conftest import PG_URL, _empty_all_tables

pytestmark = pytest.mark.postgres_only

SCALES = (0.01, 0.03)


@pytest.fixture
def pg_app(app: Flask, backend: str) -> Flask:
    if backend != "postgresql":
        pytest.skip("the clinic generator writes PostgreSQL SQL")
    return app


def _clinic(scale: float) -> Clinic:
    db.session.remove()  # end this test's own transaction first: TRUNCATE waits for it
    _empty_all_tables()
    return generate(scale)


def test_every_key_page_runs_the_same_statements_at_two_sizes(pg_app: Flask) -> None:
    counts = []
    for scale in SCALES:
        clinic = _clinic(scale)
        assert clinic.counts["cohorts"] == round(300 * scale)
        counts.append(count_statements(pg_app, clinic, key_pages(clinic)))
    small, large = counts
    assert small == large, {page: (small[page], large[page]) for page in small}
    assert max(large.values()) <= TARGET_STATEMENTS, large


CACHED = {
    "facilitator start (/cohorts)",
    "cohort page with attendance grid",
    "homework review queue (facilitator)",
    "participant start (/my/meetings)",
    "admin start (/cohorts)",
    "admin homework review",
    "admin outbox",
    "admin audit log",
    "facilitator iCalendar feed",
}


def test_a_repeat_view_from_the_page_cache_runs_a_few_statements_at_two_sizes(
    pg_app: Flask,
) -> None:
    counts = []
    for scale in SCALES:
        clinic = _clinic(scale)
        hits = count_statements(pg_app, clinic, key_pages(clinic), cached=True)
        counts.append({page: hits[page] for page in CACHED})
    small, large = counts
    assert small == large, {page: (small[page], large[page]) for page in small}
    # The user loader, the privacy-notice gate, an access check, a read-audit row.
    assert max(large.values()) <= 5, large


def test_the_benchmark_serves_every_page_under_gunicorn_and_prints_its_table(
    pg_app: Flask,
) -> None:
    clinic = _clinic(SCALES[0])
    db.session.remove()
    rows, peaks = measure(pg_app, clinic, PG_URL, single=2, load=False)
    assert [row.status for row in rows] == [200] * len(rows)
    assert all(row.kilobytes and row.p95_ms for row in rows)
    assert len(peaks) == 3  # three sync workers, as docker-compose runs them
    printed = table(rows, "tiny")
    assert printed.count("\n| ") == len(rows) + 1  # header and one line per page
    assert re.search(r"\| admin homework review \| - \| - \| - \| [\d.]+ \|", printed)
