"""Demo check-ins: schedules, a few weeks of scored responses, and one open risk alert.

Runs after the cohorts seeder and uses ``ctx.extra["cohorts"]``. Responses go through
the same services as real ones (so they are scored the same way) and are then dated to
when each occurrence fell due.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from groupapp.assessments.answering import save_answers, submit
from groupapp.assessments.catalog import ensure_builtins
from groupapp.assessments.checkins import Checkin, cohort_meeting_dates, schedule_occurrences
from groupapp.assessments.checkins import start_response as start
from groupapp.assessments.models import AssessmentSchedule, Instrument
from groupapp.assessments.schedules import ScheduleSettings, save_schedule
from groupapp.cohorts.models import Cohort, Membership
from groupapp.db import db, utcnow
from groupapp.demo import DemoContext

DEMO_SUPPORT_LINES = (
    "If you are in immediate danger, call your local emergency number.\n"
    "UK and Ireland: Samaritans, 116 123 (free, day or night).\n"
    "US: 988 Suicide & Crisis Lifeline (call or text 988)."
)
# Per member: the total each check-in aims for, earliest first (PHQ-9 / GAD-7 style 0-3).
TRAJECTORIES = ((14, 11, 8), (9, 9, 10), (18, 15, 11), (6, 4, 3), (12, 13, 16))
RISK_MEMBER = 4  # this member's latest PHQ-9 answers item 9: the demo's open alert


def _answers_for(instrument_items: list[str], total: int) -> dict[str, str]:
    """Answers spreading ``total`` over the items, at most 3 each."""
    answers = {}
    for index, item_id in enumerate(instrument_items):
        left = len(instrument_items) - index
        value = min(3, -(-total // left))  # ceil: spread evenly
        answers[item_id] = str(value)
        total -= value
    return answers


# Per member: how the relationship reflection moves each check-in (+ easier, - harder, 0 flat).
REFLECTION_TRENDS = (1, 1, 0, 2, -1)


def _reflection_answers(step: int, member_index: int) -> dict[str, str]:
    """Relationship check-in answers (1-5): each member starts in their own place and moves
    their own way, item by item, the way real answers wobble."""
    codependent = (
        "boundaries",
        "self-esteem",
        "caretaking",
        "approval",
        "own-needs",
        "responsibility",
    )
    others = (
        "communication",
        "mutual-support",
        "shared-decisions",
        "independence",
        "steady-worth",
        "hearing-no",
    )
    trend = REFLECTION_TRENDS[member_index % len(REFLECTION_TRENDS)]
    wobble = random.Random(f"reflection-{member_index}-{step}")  # same demo every time
    start = member_index % 3  # 0 (hardest) to 2

    def clamp(value: float) -> str:
        return str(max(1, min(5, round(value))))

    answers = {
        item: clamp(4 - start * 0.5 - trend * step * 0.5 + wobble.choice((-1, 0, 0, 1)))
        for item in codependent
    }
    answers.update(
        {
            item: clamp(2 + start * 0.5 + trend * step * 0.5 + wobble.choice((-1, 0, 0, 1)))
            for item in others
        }
    )
    return answers


def _answer_history(
    schedule: AssessmentSchedule, membership: Membership, member_index: int
) -> None:
    dates = cohort_meeting_dates([schedule.cohort_id])[schedule.cohort_id]
    today = utcnow().date()
    past = [o for o in schedule_occurrences(schedule, membership, dates) if o.due_on <= today]
    definition = schedule.instrument.current().parsed()
    scored = [i.id for i in definition.items if i.scored and i.id != "q9"]
    for step, occurrence in enumerate(past[:3]):
        response = start(membership.user, Checkin(schedule, occurrence, None))
        if definition.id == "relationship-checkin":
            answers = _reflection_answers(step, member_index)
        else:
            trajectory = TRAJECTORIES[member_index % len(TRAJECTORIES)]
            answers = _answers_for(scored, trajectory[min(step, 2)])
            if "q9" in {i.id for i in definition.items}:
                last = step == len(past[:3]) - 1
                answers["q9"] = "1" if member_index == RISK_MEMBER and last else "0"
        save_answers(response, answers)
        submit(response)
        # The evening of the due day, never later than now (today's evening may not have come).
        evening = datetime.combine(occurrence.due_on, time(20, 15), tzinfo=UTC)
        response.submitted_at = min(evening, utcnow() - timedelta(minutes=5))


def seed(ctx: DemoContext) -> None:
    """Schedules for every demo cohort and a few weeks of answers."""
    org = ctx.organisation
    if not org.crisis_support_text:
        org.crisis_support_text = DEMO_SUPPORT_LINES
    ensure_builtins(org)
    instruments = {
        row.slug: row
        for row in db.session.scalars(
            sa.select(Instrument).where(Instrument.organisation_id == org.id)
        )
    }
    cohorts: list[Cohort] = ctx.extra.get("cohorts", [])
    plans = (("phq9", "relationship-checkin"), ("gad7", "phq9"))
    member_index = 0
    for cohort, slugs in zip(cohorts, plans, strict=False):
        schedules = [
            save_schedule(cohort, instruments[slug], ScheduleSettings(every_weeks=2))
            for slug in slugs
        ]
        memberships = db.session.scalars(
            sa.select(Membership).where(
                Membership.cohort_id == cohort.id, Membership.status == "active"
            )
        ).all()
        for membership in memberships:
            for schedule in schedules:
                _answer_history(schedule, membership, member_index)
            member_index += 1
    db.session.flush()
