"""Building cohorts through the real services, for the cohort, meeting and program tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from groupapp.accounts.models import Organisation, User
from groupapp.cohorts import services
from groupapp.cohorts.models import Cohort, Membership
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from groupapp.programs import services as programs
from tests.support.factories import Factories


@dataclass
class World:
    """An organisation with a facilitator, a cohort and its members."""

    org: Organisation
    facilitator: User
    cohort: Cohort
    members: list[User] = field(default_factory=list)

    def meetings(self) -> list[Meeting]:
        return sorted(
            db.session.scalars(db.select(Meeting).where(Meeting.cohort_id == self.cohort.id)),
            key=lambda m: m.starts_at,
        )


def settings(lead: User, **changes: object) -> services.CohortSettings:
    values: dict[str, object] = {
        "name": "Tuesday boundaries group",
        "description": "",
        "capacity": 8,
        # Tomorrow, so the series lies ahead; DST tests pass their own dates.
        "start_date": utcnow().date() + timedelta(days=1),
        "weekdays": (1,),
        "start_time": time(18, 0),
        "duration_minutes": 90,
        "timezone": "America/New_York",
        "weeks": 12,
        "interval_weeks": 1,
        "location": "Room 2, Riverside Centre",
        "video_url": "",
        "status": "active",
        "absence_threshold": 2,
        "lead_id": lead.id,
    }
    values.update(changes)
    return services.CohortSettings(**values)  # type: ignore[arg-type]


def make_cohort(factories: Factories, org: Organisation | None = None, **changes: object) -> World:
    """A cohort created from the codependency built-in program by a new facilitator."""
    org = org or factories.org()
    facilitator = factories.user("facilitator", org=org, timezone="America/New_York")
    template = programs.builtin_template("codependency-recovery")
    assert template is not None
    program = programs.organisation_copy_of(template, facilitator)
    cohort = services.create_cohort(program, settings(facilitator, **changes), facilitator)
    db.session.commit()
    return World(org, facilitator, cohort)


def enrol(world: World, factories: Factories, count: int = 1, **user_kw: object) -> list[User]:
    """Add active members directly (enrolment itself is tested through the pages)."""
    people = []
    for _ in range(count):
        person = factories.user("participant", org=world.org, **user_kw)  # type: ignore[arg-type]
        db.session.add(
            Membership(
                cohort=world.cohort, user_id=person.id, status="active", joined_on=date(2026, 3, 1)
            )
        )
        people.append(person)
    db.session.commit()
    world.members.extend(people)
    return people


def waitlist_someone(world: World, factories: Factories) -> User:
    """A participant waiting for a place in the world's cohort."""
    person = factories.user("participant", org=world.org)
    db.session.add(
        Membership(
            cohort_id=world.cohort.id,
            user_id=person.id,
            status="waitlisted",
            waitlisted_at=world.cohort.created_at,
        )
    )
    return person


def shift_to_past(world: World, meetings_in_past: int) -> None:
    """Move the series so its first ``meetings_in_past`` meetings have already happened."""
    meetings = world.meetings()
    offset = utcnow() - meetings[meetings_in_past - 1].ends_at - timedelta(hours=1)
    for meeting in meetings:
        meeting.starts_at += offset
        meeting.ends_at += offset
    db.session.commit()
