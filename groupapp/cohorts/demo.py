"""Demo cohorts with a few weeks of history: meetings, attendance, an apology, a flag.

Runs after the accounts seeder. The cohorts it makes are left in
``ctx.extra["cohorts"]`` for the homework and assessment seeders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from groupapp.accounts.models import ConsentRecord, User
from groupapp.cohorts import attendance, services
from groupapp.cohorts import meeting_services as meetings
from groupapp.cohorts.models import Cohort, Membership
from groupapp.db import db, utcnow
from groupapp.demo import DemoContext
from groupapp.meetings.models import Meeting
from groupapp.programs import services as programs


@dataclass(frozen=True)
class DemoCohort:
    name: str
    builtin: str
    lead: int  # index into ctx.facilitators
    members: tuple[int, ...]  # indexes into ctx.participants
    weekday: int
    at: time
    zone: str
    weeks_ago: int
    location: str
    video_url: str
    # Per member, attendance for each past meeting in order (P, L, A, E).
    history: tuple[str, ...]


COHORTS = (
    DemoCohort(
        name="Tuesday evening: codependency recovery",
        builtin="codependency-recovery",
        lead=0,
        members=(0, 1, 2, 3),
        weekday=1,
        at=time(18, 0),
        zone="America/New_York",
        weeks_ago=4,
        location="Riverside Centre, Room 2",
        video_url="",
        history=("PPLP", "PEPP", "PPAA", "LPPP"),
    ),
    DemoCohort(
        name="Thursday DBT skills: relationships",
        builtin="dbt-interpersonal-effectiveness",
        lead=1,
        members=(3, 4, 5),
        weekday=3,
        at=time(19, 0),
        zone="Europe/London",
        weeks_ago=3,
        location="",
        video_url="https://video.example.org/riverside-dbt",
        history=("PPP", "PLP", "EPP"),
    ),
)

STATUS = {"P": "present", "L": "late", "A": "absent", "E": "excused"}


def _settings(spec: DemoCohort, lead: User, weeks: int) -> services.CohortSettings:
    start = utcnow().date() - timedelta(weeks=spec.weeks_ago, days=1)
    return services.CohortSettings(
        name=spec.name,
        description="A closed group that meets weekly. New members join by invitation.",
        capacity=8,
        start_date=start,
        weekdays=(spec.weekday,),
        start_time=spec.at,
        duration_minutes=90,
        timezone=spec.zone,
        weeks=weeks,
        interval_weeks=1,
        location=spec.location,
        video_url=spec.video_url,
        status="active",
        absence_threshold=2,
        lead_id=lead.id,
    )


def enrol_members(cohort: Cohort, people: list[User], joined: date) -> None:
    """Active members of ``cohort`` from ``joined``, with the group agreement accepted."""
    for person in people:
        db.session.add(
            Membership(cohort=cohort, user_id=person.id, status="active", joined_on=joined)
        )
        db.session.add(
            ConsentRecord(
                user_id=person.id, document="group_agreement", document_ref=cohort.id, version=1
            )
        )
    db.session.flush()


def _history(cohort: Cohort, spec: DemoCohort, people: list[User], lead: User) -> None:
    past = [m for m in cohort_meetings(cohort) if m.ends_at < utcnow()]
    for index, meeting in enumerate(past):
        marks = {
            person.id: attendance.Mark(STATUS[row[index]])
            for person, row in zip(people, spec.history, strict=True)
            if index < len(row)
        }
        attendance.record_roster(meeting, marks, lead)
        meeting.status = "completed"
    db.session.flush()


def cohort_meetings(cohort: Cohort) -> list[Meeting]:
    """The cohort's meetings in time order."""
    return list(
        db.session.scalars(
            db.select(Meeting).where(Meeting.cohort_id == cohort.id).order_by(Meeting.starts_at)
        )
    )


def seed(ctx: DemoContext) -> None:
    """Two running cohorts with their first weeks recorded."""
    made = []
    for spec in COHORTS:
        lead = ctx.facilitators[spec.lead]
        template = programs.builtin_template(spec.builtin)
        if template is None:
            continue
        program = programs.organisation_copy_of(template, lead)
        cohort = services.create_cohort(program, _settings(spec, lead, template.weeks), lead)
        people = [ctx.participants[i] for i in spec.members]
        enrol_members(cohort, people, cohort.start_date or utcnow().date())
        _history(cohort, spec, people, lead)
        upcoming = [m for m in cohort_meetings(cohort) if m.starts_at > utcnow()]
        if upcoming:
            # One member has already sent apologies for the next meeting.
            attendance.send_apology(
                min(upcoming, key=lambda m: m.starts_at), people[1], "Away for work"
            )
        made.append(cohort)
    if len(made) > 1:
        # A co-facilitator on the second cohort, so shared cohorts show up too.
        second = made[1]
        lead_id = ctx.facilitators[COHORTS[1].lead].id
        services.set_facilitators(second, lead_id, [ctx.facilitators[COHORTS[0].lead].id])
        first_future = next(
            (
                m
                for m in sorted(cohort_meetings(second), key=lambda m: m.starts_at)
                if m.starts_at > utcnow() + timedelta(days=8)
            ),
            None,
        )
        if first_future is not None:
            meetings.cancel(
                first_future,
                "The facilitators are at a training day; see you the week after.",
                None,
            )
    ctx.extra["cohorts"] = made
