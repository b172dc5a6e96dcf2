"""The demo organisation has after-meeting records, so its progress pages show them."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.db import db
from groupapp.observations.models import MeetingRecord, MemberObservation
from tests.support.demo import seed_demo


def test_the_demo_rates_the_meetings_already_held(app) -> None:
    seed_demo()
    rows = db.session.scalars(sa.select(MemberObservation)).all()
    assert rows
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingRecord))
    assert all(r.codependent is not None and r.interdependent is not None for r in rows)
    assert any(r.note for r in rows)
