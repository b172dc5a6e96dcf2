"""Demo group feedback: a meeting held yesterday, open for answers, with enough of them to
show its means, and an earlier meeting with too few answers to show any.

Runs after the cohorts seeder (``ctx.extra["cohorts"]``). The first demo cohort gains two
members who joined this week and an extra meeting that ended about a day ago, inside the
48-hour feedback window: five members have answered it, and the first demo participant
has not, so signing in as them offers the feedback form. The cohort's last weekly meeting
gets three answers, fewer than the five a facilitator needs to see means.
"""

from __future__ import annotations

from datetime import timedelta

from groupapp.cohorts import meeting_services as meetings
from groupapp.cohorts.demo import cohort_meetings, enrol_members
from groupapp.db import db, utcnow
from groupapp.demo import DemoContext
from groupapp.feedback.services import FeedbackInput, save_answer
from groupapp.feedback.summary import MIN_SHOWN

#: The recent meeting ended this long ago (inside ``services.WINDOW``).
ENDED_AGO = timedelta(hours=22)
#: (heard, useful, safe, one thing to change), one row per answering member.
ANSWERS = (
    (5, 4, 5, ""),
    (4, 4, 4, "More time for the practice pairs."),
    (4, 3, 5, ""),
    (5, 5, 4, "Start on time, please."),
    (3, 4, 4, ""),
)


def _answer(meeting, members, rows) -> None:  # type: ignore[no-untyped-def]
    for person, (heard, useful, safe, change) in zip(members, rows, strict=False):
        row = save_answer(meeting, person, FeedbackInput(heard, useful, safe, change))
        row.answered_at = meeting.ends_at + timedelta(hours=2)


def seed(ctx: DemoContext) -> None:
    """A recent meeting with ``MIN_SHOWN`` answers and an earlier one with fewer."""
    cohorts = ctx.extra.get("cohorts", [])
    if not cohorts or len(ctx.participants) < MIN_SHOWN + 1:
        return
    cohort = cohorts[0]
    held = [m for m in cohort_meetings(cohort) if m.ends_at < utcnow() and m.status != "cancelled"]
    member_ids = {m.user_id for m in cohort.memberships}
    newcomers = [p for p in ctx.participants if p.id not in member_ids]
    starts = utcnow() - ENDED_AGO - timedelta(minutes=90)
    enrol_members(cohort, newcomers, (starts - timedelta(days=2)).date())
    lead = ctx.facilitators[0] if ctx.facilitators else None
    recent = meetings.add_extra(cohort, starts, 90, "Practising a clear request", lead)
    recent.status = "completed"
    # Everyone but the first demo participant answered, so they can try the form.
    _answer(recent, ctx.participants[1 : MIN_SHOWN + 1], ANSWERS)
    if held:
        _answer(held[-1], ctx.participants[1:4], ANSWERS[:3])
    db.session.flush()
