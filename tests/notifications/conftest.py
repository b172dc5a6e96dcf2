"""Data helpers for notification tests: meetings, outbox rows."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from groupapp.cohorts.models import Cohort
from groupapp.core.outbox import OutboxMessage
from groupapp.core.timezones import to_local
from groupapp.db import db
from groupapp.meetings.models import Meeting


def add_meeting(cohort: Cohort, starts_at: datetime, topic: str = "Boundaries") -> Meeting:
    local = to_local(starts_at, cohort.timezone)
    meeting = Meeting(
        cohort_id=cohort.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=90),
        local_start=local.strftime("%Y-%m-%dT%H:%M"),
        topic=topic,
        status="scheduled",
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


def rows(kind: str | None = None) -> list[OutboxMessage]:
    query = db.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


@pytest.fixture
def group(factories):  # type: ignore[no-untyped-def]
    """An organisation with a lead facilitator, an admin and two participants."""
    org = factories.org("Harbour Counselling")
    lead = factories.user("facilitator", org=org, timezone="Europe/London")
    admin = factories.user("admin", org=org)
    alice = factories.user("participant", org=org, timezone="America/New_York")
    bo = factories.user("participant", org=org, timezone="Australia/Sydney")
    cohort = factories.cohort(org, facilitators=[lead], participants=[alice, bo])

    class Group:
        pass

    g = Group()
    g.org, g.lead, g.admin, g.alice, g.bo, g.cohort = org, lead, admin, alice, bo, cohort
    return g
