"""The demo seeder gives each demo cohort schedules, weeks of scores and one open alert."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts import demo as accounts_demo
from groupapp.assessments import demo as assessments_demo
from groupapp.assessments.models import AssessmentResponse, AssessmentSchedule, RiskAlert
from groupapp.assessments.progress import cohort_rows
from groupapp.cohorts import demo as cohorts_demo
from groupapp.db import db
from groupapp.demo import DemoContext


def test_demo_check_ins(app):
    ctx = DemoContext()
    for module in (accounts_demo, cohorts_demo, assessments_demo):
        module.seed(ctx)
        db.session.flush()
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssessmentSchedule)) == 4
    responses = db.session.scalars(sa.select(AssessmentResponse)).all()
    assert len(responses) >= 14
    assert all(r.status == "submitted" and r.total is not None for r in responses)
    assert len({r.submitted_at for r in responses}) > 3  # spread over weeks
    alerts = db.session.scalars(sa.select(RiskAlert)).all()
    assert len(alerts) == 1
    assert alerts[0].is_open
    assert ctx.organisation.crisis_support_text
    rows = cohort_rows(ctx.extra["cohorts"][0])
    assert any(r.status == "reliable_improvement" for r in rows)
