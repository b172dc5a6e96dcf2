"""The homework plan's share of "start a new cohort like this one".

Cohort-wide homework is given again to the new cohort: homework due at meeting N is due
at meeting N of the new series; homework due at a wall-clock time keeps its distance
from the first meeting. Nobody has joined the copy yet, so each assignment reaches the
members as they join. Homework given to chosen members only is left out: it was for
those people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.copy import CopyPlan, register_copy_part
from groupapp.cohorts.models import Cohort
from groupapp.core.timezones import (
    NonexistentLocalTime,
    format_wall_clock,
    resolve_local,
    to_local,
)
from groupapp.db import db
from groupapp.homework.models import Assignment
from groupapp.homework.services import AssignmentSpec, Due, assign


@dataclass(frozen=True)
class _Copied:
    assignment: Assignment
    due: Due
    label: str


def _when(local: datetime) -> str:
    return format_wall_clock(local)


def _redated(plan: CopyPlan, assignment: Assignment) -> _Copied:
    zone = plan.source.timezone
    number = assignment.due_meeting_number
    if number is not None:
        local = plan.meeting_local(number)
        if local is not None:
            label = f"due at meeting {number} ({_when(local)})"
            return _Copied(assignment, Due(meeting_number=number), label)
    if assignment.due_at is None:
        return _Copied(assignment, Due(), "no due time")
    local = plan.redate(to_local(assignment.due_at, zone).replace(tzinfo=None))
    try:
        resolve_local(local.date(), local.time(), zone)
    except NonexistentLocalTime:
        local += timedelta(hours=1)  # the clocks skip that time: an hour later instead
    return _Copied(assignment, Due(local=local), f"due {_when(local)}")


def _plan(plan: CopyPlan) -> tuple[list[_Copied], int]:
    rows = db.session.scalars(
        sa.select(Assignment)
        .where(Assignment.cohort_id == plan.source.id, Assignment.cancelled_at.is_(None))
        .options(sa.orm.joinedload(Assignment.due_meeting))
        .order_by(Assignment.created_at, Assignment.id)
    ).all()
    copied = [_redated(plan, a) for a in rows if a.audience == "cohort"]
    return copied, len(rows) - len(copied)


def describe(plan: CopyPlan) -> list[str]:
    """One line per homework the copy will give, with its new due time."""
    copied, left_out = _plan(plan)
    lines = [f"{item.assignment.title}: {item.label}" for item in copied]
    if left_out:
        lines.append(f"{left_out} given to chosen members only: not copied.")
    return lines


def apply(plan: CopyPlan, cohort: Cohort, meeting_ids: dict[int, int], actor: User) -> None:
    """Give the plan's homework to the new cohort (reaching members as they join)."""
    for item in _plan(plan)[0]:
        source = item.assignment
        spec = AssignmentSpec(
            title=source.title,
            instructions=source.instructions,
            fields=source.field_list(),
            due=item.due,
            include_later_joiners=True,
            template_id=source.template_id,
            source_slug=source.source_slug,
            translations=source.translations,
        )
        assign(cohort, spec, actor)


register_copy_part("Homework", describe, apply)
