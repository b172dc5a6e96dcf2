"""The new pages run a fixed number of statements however much data they show."""

from __future__ import annotations

from datetime import time, timedelta

import sqlalchemy as sa

from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from groupapp.reminders import services as reminders
from groupapp.support import services
from groupapp.support.models import SupportLink
from tests.trust.matrix import sign_in
from tests.trust.world import build_world


def _statements(client, count_queries, path: str) -> int:  # type: ignore[no-untyped-def]
    client.get(path)
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def _grow(world, size: int) -> None:  # type: ignore[no-untyped-def]
    start = utcnow() + timedelta(days=1)
    for n in range(size):
        moment = start + timedelta(days=7 * n)
        db.session.add(
            Meeting(
                cohort_id=world.cohort.id,
                starts_at=moment,
                ends_at=moment + timedelta(hours=1),
                local_start=moment.strftime("%Y-%m-%dT%H:%M"),
                topic=f"Week {n + 1}",
            )
        )
        reminders.add_reminder(
            world.owner,
            reminders.ReminderFields(f"Practice {n}", "practice", time(8, n % 60), (n % 7,)),
        )
    link = db.session.scalar(
        sa.select(SupportLink).where(SupportLink.participant_id == world.owner.id)
    )
    for _ in range(size):
        services.record_view(link, "schedule")
    db.session.commit()


def test_support_and_reminder_pages_have_fixed_statement_counts(
    app, client, factories, count_queries
) -> None:  # type: ignore[no-untyped-def]
    counts = []
    for size in (1, 6):
        world = build_world(factories)
        _grow(world, size)
        sign_in(client, world.owner)
        mine = [_statements(client, count_queries, p) for p in ("/my/support", "/my/reminders")]
        sign_in(client, world.support_person)
        counts.append([*mine, _statements(client, count_queries, "/support")])
    assert counts[0] == counts[1]
