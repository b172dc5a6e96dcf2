"""What the members will receive, shown on the assign page before anything is sent: the
"new homework" email as the first recipient reads it and the homework page as a member
sees it. Nothing is written and nothing is queued."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from groupapp.cohorts.models import Cohort
from groupapp.core.mail import EmailContent
from groupapp.core.timezones import resolve_local
from groupapp.core.urls import external_url
from groupapp.homework.fields import Field
from groupapp.homework.notices import ASSIGNED_EMAIL, homework_email
from groupapp.homework.services import AssignmentSpec, HomeworkError

# Named in the preview when the homework would reach nobody yet (no member has joined).
_NOBODY = "a member"


@dataclass(frozen=True)
class _Draft:
    """The parts of an assignment the email reads, before the assignment exists."""

    title: str
    cohort: Cohort


@dataclass(frozen=True)
class AssignmentPreview:
    """``recipients`` are display names in the cohort's order; ``due_at`` is UTC or None;
    ``email`` is the message the first of them would get."""

    title: str
    instructions: str
    fields: Sequence[Field]
    due_at: datetime | None
    recipients: list[str]
    email: EmailContent


def due_instant(spec: AssignmentSpec, cohort: Cohort, meetings: Sequence[Any]) -> datetime | None:
    """When ``spec`` makes the homework due, as ``assign`` would set it (UTC, or None).

    ``meetings`` are the cohort's meetings that count, in order. Raises ``HomeworkError``
    for a meeting the cohort does not have and ``NonexistentLocalTime`` for a wall-clock
    time the clocks skip, as assigning would.
    """
    due = spec.due
    if due.meeting_number is not None:
        if not 1 <= due.meeting_number <= len(meetings):
            raise HomeworkError(
                _("This cohort has no meeting %(number)s.", number=due.meeting_number)
            )
        return meetings[due.meeting_number - 1].starts_at  # type: ignore[no-any-return]
    if due.local is not None:
        return resolve_local(due.local.date(), due.local.time(), cohort.timezone, offset=due.offset)
    return None


def preview(
    cohort: Cohort, spec: AssignmentSpec, meetings: Sequence[Any], members: Sequence[Any]
) -> AssignmentPreview:
    """The preview of assigning ``spec`` to ``cohort``; ``members`` are the active members
    (users) the form offers. Raises what ``due_instant`` raises."""
    chosen = set(spec.member_ids) if spec.member_ids is not None else None
    recipients = [m for m in members if chosen is None or m.id in chosen]
    due_at = due_instant(spec, cohort, meetings)
    reader = recipients[0] if recipients else _StandIn(cohort)
    email = homework_email(
        ASSIGNED_EMAIL,
        reader,
        _Draft(spec.title, cohort),
        due_at,
        external_url("homework.my_homework"),
    )
    return AssignmentPreview(
        title=spec.title,
        instructions=spec.instructions,
        fields=spec.fields,
        due_at=due_at,
        recipients=[m.display_name for m in recipients],
        email=email,
    )


@dataclass(frozen=True)
class _StandIn:
    """The reader of the preview email when nobody has joined the cohort yet."""

    cohort: Cohort

    @property
    def display_name(self) -> str:
        return _NOBODY

    @property
    def organisation(self) -> Any:
        return self.cohort.organisation

    @property
    def timezone(self) -> str:
        return self.cohort.timezone
