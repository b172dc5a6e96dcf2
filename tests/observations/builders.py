"""A cohort whose first meeting is over, for the after-meeting tests."""

from __future__ import annotations

from datetime import timedelta

from groupapp.db import utcnow
from groupapp.meetings.models import Meeting
from tests.cohorts.builders import World, enrol, make_cohort
from tests.support.factories import Factories

CODEPENDENT = ("caretaking", "approval", "control", "boundary-difficulty", "own-needs-last")
INTERDEPENDENT = ("give-and-take", "open-disagreement", "respectful-support", "own-boundaries")


def met_cohort(factories: Factories, members: int = 2, **changes: object) -> tuple[World, Meeting]:
    """A cohort that started three weeks ago with ``members`` members, and its first
    meeting (which has ended)."""
    world = make_cohort(factories, start_date=utcnow().date() - timedelta(days=21), **changes)
    enrol(world, factories, members)
    return world, world.meetings()[0]


def ratings_form(user_id: int, codependent: int, interdependent: int) -> dict[str, str]:
    """Form fields rating every item of one member."""
    fields = {f"rate-{user_id}-{item}": str(codependent) for item in CODEPENDENT}
    fields.update({f"rate-{user_id}-{item}": str(interdependent) for item in INTERDEPENDENT})
    return fields
