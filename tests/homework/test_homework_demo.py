"""The demo organisation has homework in every status, and its pages render."""

from __future__ import annotations

import importlib

from groupapp.cli import DEMO_SEEDERS
from groupapp.db import db
from groupapp.demo import DEMO_PASSWORD, DemoContext
from groupapp.homework.models import SUBMISSION_STATUSES, Submission


def test_seed_demo_gives_homework_in_every_status(app, client, login):  # type: ignore[no-untyped-def]
    assert "groupapp.homework.demo" in DEMO_SEEDERS
    ctx = DemoContext()
    for name in DEMO_SEEDERS[: DEMO_SEEDERS.index("groupapp.homework.demo") + 1]:
        importlib.import_module(name).seed(ctx)
        db.session.flush()
    db.session.commit()
    statuses = {s.status for s in db.session.scalars(db.select(Submission))}
    assert statuses == set(SUBMISSION_STATUSES)
    shared = db.session.scalars(db.select(Submission).where(Submission.share_with_group)).all()
    assert shared
    assert all(s.is_shared for s in shared)

    facilitator = ctx.facilitators[0]
    login(facilitator, DEMO_PASSWORD)
    queue = client.get("/homework/review").get_data(as_text=True)
    assert "Priya" in queue
    grids = [client.get(f"/homework/cohorts/{c.id}/grid") for c in ctx.extra["cohorts"]]
    assert [g.status_code for g in grids] == [200, 200]
    first = grids[0].get_data(as_text=True)
    assert 'class="hw-cell hw-reviewed"' in first
    assert 'class="hw-cell hw-revision_requested"' in first
    assert '<span class="badge bad">overdue</span>' in first  # week one, never started
