"""Building a group with scheduled check-ins for the assessment tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from groupapp.accounts.models import Organisation, User
from groupapp.assessments.catalog import ensure_builtins, import_instrument_file
from groupapp.assessments.models import AssessmentSchedule, Instrument
from groupapp.assessments.schedules import ScheduleSettings, save_schedule
from groupapp.cohorts.models import Cohort, Membership
from groupapp.db import db
from groupapp.meetings.models import Meeting
from tests.assessments.instrument_data import data_file
from tests.support.factories import Factories

START = date(2026, 1, 5)  # a Monday; the factories' cohort start date
# Inside the baseline window (joined 5 January, open five days after).
DURING_BASELINE = datetime(2026, 1, 6, 12, 0, tzinfo=UTC)


@dataclass
class Group:
    org: Organisation
    admin: User
    lead: User
    co: User
    member: User
    other_member: User
    cohort: Cohort
    schedule: AssessmentSchedule

    def instrument(self, slug: str) -> Instrument:
        return db.session.scalar(
            sa.select(Instrument).where(
                Instrument.organisation_id == self.org.id, Instrument.slug == slug
            )
        )


def add_meetings(cohort: Cohort, weeks: int = 8, start: date = START) -> list[Meeting]:
    """Weekly 18:00 UTC meetings from ``start``."""
    meetings = []
    for week in range(weeks):
        day = start + timedelta(weeks=week)
        begins = datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)
        meeting = Meeting(
            cohort_id=cohort.id,
            starts_at=begins,
            ends_at=begins + timedelta(minutes=90),
            local_start=f"{day.isoformat()}T18:00",
            topic=f"Week {week + 1}",
            status="scheduled",
        )
        db.session.add(meeting)
        meetings.append(meeting)
    db.session.flush()
    return meetings


def make_group(
    factories: Factories,
    slug: str = "phq9",
    joined_on: date = START,
    settings: ScheduleSettings | None = None,
    weeks: int = 8,
) -> Group:
    """An organisation with an admin, two facilitators, two members and one schedule."""
    org = factories.org()
    org.crisis_support_text = "Samaritans: call 116 123 (free, any time)\nText SHOUT to 85258"
    admin = factories.user("admin", org)
    lead = factories.user("facilitator", org)
    co = factories.user("facilitator", org)
    member = factories.user("participant", org, name="Robin Member")
    other = factories.user("participant", org, name="Sam Other")
    cohort = factories.cohort(org, facilitators=[lead, co], participants=[member, other])
    for membership in db.session.scalars(
        sa.select(Membership).where(Membership.cohort_id == cohort.id)
    ):
        membership.joined_on = joined_on
    add_meetings(cohort, weeks=weeks)
    ensure_builtins(org)
    if slug == "sfcs":
        import_instrument_file(org, data_file("sfcs_shaped.yaml"), source="import")
    instrument = db.session.scalar(
        sa.select(Instrument).where(Instrument.organisation_id == org.id, Instrument.slug == slug)
    )
    schedule = save_schedule(cohort, instrument, settings or ScheduleSettings(every_weeks=4))
    db.session.commit()
    return Group(org, admin, lead, co, member, other, cohort, schedule)


def logout(client, csrf) -> None:  # type: ignore[no-untyped-def]
    """Sign the client's user out through the real form."""
    client.post("/logout", data={"csrf_token": csrf("/home")})
