"""Demo after-meeting records: a group note and ratings for the meetings already held.

Runs after the cohorts seeder (``ctx.extra["cohorts"]``) and writes through the same
services as the screen, so the demo's progress pages show observation lines beside the
check-ins. Members drift the way the program hopes, each at their own pace.
"""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from groupapp.accounts.models import User
from groupapp.assessments.builtin import observation_instrument
from groupapp.cohorts.models import Cohort
from groupapp.db import db, utcnow
from groupapp.demo import DemoContext
from groupapp.meetings.models import Meeting
from groupapp.observations.services import load_sheet, save_sheet
from groupapp.observations.sheet import rating_name, read_form

RATED_MEETINGS = 4
NOTES = (
    "Said no to covering a shift and did not apologise twice.",
    "Quieter today; checked the room before each answer.",
    "Offered support and then let the other member choose.",
)


def _ratings(user_id: int, step: int, pace: int) -> dict[str, str]:
    """Codependent items easing and interdependent ones growing, ``pace`` steps apart."""
    scale = observation_instrument()
    fields = {}
    for index, item in enumerate(scale.items):
        codependent = index < 5
        start = 2 + (index + pace) % 2 if codependent else (index + pace) % 2
        moved = (step * pace) // 3
        value = max(0, start - moved) if codependent else min(3, start + moved)
        fields[rating_name(user_id, item.id)] = str(value)
    return fields


def seed(ctx: DemoContext) -> None:
    """Ratings and notes for the last few meetings held in each demo cohort."""
    cohorts: list[Cohort] = ctx.extra.get("cohorts", [])
    for cohort in cohorts:
        lead_id = next(iter(sorted(cohort.facilitator_ids())), None)
        lead = db.session.get(User, lead_id) if lead_id else None
        if lead is None:
            continue
        held = db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.cohort_id == cohort.id, Meeting.status != "cancelled")
            .where(Meeting.starts_at < utcnow())
            .order_by(Meeting.starts_at.desc())
            .limit(RATED_MEETINGS)
        ).all()
        for step, meeting in enumerate(reversed(held)):
            sheet = load_sheet(meeting)
            fields = {"covered": meeting.topic, "themes": "Guilt after saying no"}
            for pace, row in enumerate(sheet.members, start=1):
                if row.status in ("absent", "excused"):
                    continue
                fields.update(_ratings(row.user.id, step, pace))
                if step == len(held) - 1:
                    fields[f"note-{row.user.id}"] = NOTES[pace % len(NOTES)]
            typed = read_form(MultiDict(fields), sheet.names(), sheet.statuses())
            if not typed.problems:
                save_sheet(sheet, typed, lead)
    db.session.flush()
