"""The worker benchmark's scanner table works on a tiny clinic (PostgreSQL only).

``bench/worker_bench.py`` measures the real sizes and the worker; this keeps its scanner
timing and its table working, and holds every scanner to a few statements on the
generated clinic at the current moment and at the busiest reminder moment.
"""

from __future__ import annotations

import pytest
from flask import Flask

from bench.worker_bench import ScaleFigures, report, time_scanners
from groupapp.notifications.scanning import SCANNERS
from tests.bench.test_pages_bench import SCALES, _clinic, pg_app  # noqa: F401  (fixture)

pytestmark = pytest.mark.postgres_only


def test_every_scanner_is_timed_and_printed_at_two_sizes(
    pg_app: Flask,  # noqa: F811  (the fixture imported above)
    capsys: pytest.CaptureFixture[str],
) -> None:
    results = []
    for scale in SCALES:
        clinic = _clinic(scale)
        figures = ScaleFigures(scale, people=clinic.counts["users"])
        time_scanners(figures)
        results.append(figures)
    for figures in results:
        assert set(figures.scans) == set(figures.busy_scans) == set(SCANNERS)
        counts = [figures.scans[name][2] for name in SCANNERS]
        counts += [figures.busy_scans[name][1] for name in SCANNERS]
        assert max(counts) <= 8, (figures.scans, figures.busy_scans)
    # At the busy moment the next day's meetings have their 24-hour reminders due.
    assert results[0].busy_scans["scan_meeting_reminders"][2] > 0
    assert (
        results[0].busy_scans["scan_meeting_reminders"][2]
        < (results[1].busy_scans["scan_meeting_reminders"][2])
    )
    report(results)
    printed = capsys.readouterr().out
    for name in SCANNERS:
        assert printed.count(f"| {name} |") == len(SCALES)
