"""A fortnightly series generated under the old Monday-week rule keeps its dates."""

from __future__ import annotations

from datetime import date, time

import sqlalchemy as sa
from flask_migrate import upgrade

from groupapp import create_app
from groupapp.cohorts.meeting_services import recurrence_for
from groupapp.cohorts.models import Cohort
from groupapp.db import db
from groupapp.meetings.recurrence import extend
from tests.conftest import base_test_config
from tests.core.test_migrations import empty_database_url  # noqa: F401 - a fixture

BEFORE = "5e7a1c2b9d40"
NOW = "2026-11-01 10:00:00+00:00"
COHORT = (
    "INSERT INTO cohorts (id, organisation_id, name, description, status, timezone, capacity,"
    " start_date, weekdays, start_time, duration_minutes, weeks, interval_weeks, location,"
    " video_url, absence_threshold, created_at, updated_at)"
    " VALUES (:id, 1, 'Group', '', 'active', 'Europe/Vienna', 8, :start, :weekdays, '18:00:00',"
    " 90, 3, :interval, '', '', 2, :now, :now)"
)


def test_fortnightly_series_continue_their_old_dates(empty_database_url, tmp_path):  # type: ignore[no-untyped-def] # noqa: F811
    app = create_app(base_test_config(tmp_path, empty_database_url))
    with app.app_context():
        try:
            upgrade(revision=BEFORE)
            with db.engine.begin() as conn:
                conn.execute(
                    sa.text(
                        "INSERT INTO organisations (id, name, slug, crisis_support_text,"
                        " require_staff_2fa, created_at, updated_at)"
                        " VALUES (1, 'Riverside', 'riverside', '', false, :now, :now)"
                    ),
                    {"now": NOW},
                )
                rows = [
                    # Wednesday start, Mondays fortnightly: the old rule began on 11 January.
                    (1, date(2026, 12, 30), "0", 2),
                    # Monday start: the same under both rules.
                    (2, date(2027, 1, 4), "0", 2),
                    # Weekly series are the same under both rules and left alone.
                    (3, date(2026, 12, 30), "0", 1),
                ]
                for cohort_id, start, weekdays, interval in rows:
                    conn.execute(
                        sa.text(COHORT),
                        {
                            "id": cohort_id,
                            "start": start,
                            "weekdays": weekdays,
                            "interval": interval,
                            "now": NOW,
                        },
                    )
            upgrade()
            starts = {c.id: c.start_date for c in db.session.scalars(sa.select(Cohort))}
            assert starts == {1: date(2027, 1, 11), 2: date(2027, 1, 4), 3: date(2026, 12, 30)}
            first = db.session.get(Cohort, 1)
            assert first is not None
            assert first.start_time == time(18, 0)
            # Extending continues 11 Jan, 25 Jan, 8 Feb with 22 Feb and 8 Mar.
            _longer, added = extend(recurrence_for(first), 2)
            assert [m.local_date for m in added] == [date(2027, 2, 22), date(2027, 3, 8)]
            db.session.rollback()
        finally:
            db.session.remove()
            db.engine.dispose()
