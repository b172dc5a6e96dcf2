"""Creating and changing a cohort's meetings. They flush, never commit.

Each change a member should hear about bumps the meeting's ``sequence`` (so
subscribed calendars replace the old entry) and writes an outbox row per
recipient ("meeting_changed" or "meeting_cancelled") in the same transaction,
which the notification worker sends once the view has committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from flask_babel import gettext as _

from groupapp.accounts.models import User
from groupapp.audit.services import record
from groupapp.cohorts.membership_state import membership_state
from groupapp.cohorts.models import Cohort
from groupapp.core import outbox
from groupapp.core.actions import Refusal
from groupapp.db import db, utcnow
from groupapp.meetings import recurrence
from groupapp.meetings.models import Meeting
from groupapp.meetings.recurrence import Occurrence, Recurrence, extend, generate, single

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class ScheduleError(Refusal):
    """A schedule change that is not possible; the message is shown as it is."""


def weekdays_of(cohort: Cohort) -> tuple[int, ...]:
    """The cohort's meeting weekdays (0 = Monday), stored as text such as "1,3"."""
    return tuple(int(day) for day in cohort.weekdays.split(",") if day)


def recurrence_for(cohort: Cohort) -> Recurrence:
    """The cohort's series settings as a ``Recurrence``."""
    if cohort.start_date is None:
        raise ValueError(_("The cohort has no start date to schedule from."))
    return Recurrence(
        start_date=cohort.start_date,
        weekdays=weekdays_of(cohort),
        start_time=cohort.start_time,
        duration_minutes=cohort.duration_minutes,
        timezone=cohort.timezone,
        weeks=cohort.weeks,
        interval=cohort.interval_weeks,
    )


def series_notices(cohort: Cohort, since_index: int = 0) -> list[str]:
    """What to tell the person about the cohort's series meetings from ``since_index`` on.

    See ``groupapp.meetings.recurrence.series_notices``.
    """
    return recurrence.series_notices(recurrence_for(cohort), since_index)


def _meeting(cohort_id: int, occurrence: Occurrence, topic: str, *, extra: bool) -> Meeting:
    return Meeting(
        cohort_id=cohort_id,
        position=None if extra else occurrence.index,
        is_extra=extra,
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        local_start=occurrence.local_start.strftime(LOCAL_FORMAT),
        topic=topic[:200],
        status="scheduled",
    )


def _add_series(
    cohort_id: int, occurrences: Iterable[Occurrence], topics: Sequence[str]
) -> list[Meeting]:
    meetings = [
        _meeting(
            cohort_id,
            occ,
            topics[occ.index] if occ.index < len(topics) else f"Meeting {occ.index + 1}",
            extra=False,
        )
        for occ in occurrences
    ]
    db.session.add_all(meetings)
    db.session.flush()
    return meetings


def create_series(cohort: Cohort, topics: Sequence[str]) -> list[Meeting]:
    """Store every meeting of a new cohort's series; the n-th gets the n-th topic."""
    return _add_series(cohort.id, generate(recurrence_for(cohort)), topics)


def _audience(cohort: Cohort) -> list[User]:
    """Everyone who should hear about a schedule change: joined members and facilitators."""
    members = [m.user for m in cohort.memberships if membership_state(m) == "joined"]
    staff = [link.user for link in cohort.facilitator_links]
    seen: dict[int, User] = {}
    for person in members + staff:
        seen.setdefault(person.id, person)
    return list(seen.values())


def _announce(
    kind: str,
    meeting: Meeting,
    actor: User | None,
    change: str = "",
    *,
    added: int = 1,
    moved_from: datetime | None = None,
) -> None:
    """Queue one message per person (the actor excepted) about ``meeting``.

    ``change`` says what happened ("added", "rescheduled", "topic"). ``added`` > 1
    means the meeting is the first of that many new ones, told in one message
    rather than one each. ``moved_from`` is the UTC start a rescheduled meeting
    left: a time, not personal text, so it may ride in the row's params.
    """
    params: dict[str, int | str] = {"meeting_id": meeting.id, "sequence": meeting.sequence}
    if change:
        params["change"] = change
    if added > 1:
        params["added"] = added
    if moved_from is not None:
        params["previous_starts_at"] = moved_from.isoformat()
    # One statement for the whole audience, however large the cohort.
    outbox.enqueue_many(
        (
            {
                "kind": kind,
                "dedupe_key": f"{kind}:{meeting.id}:{meeting.sequence}:{person.id}",
                "organisation_id": person.organisation_id,
                "recipient_id": person.id,
                "recipient_email": person.email,
                "params": params,
            }
            for person in _audience(meeting.cohort)
            if actor is None or person.id != actor.id
        ),
        hand_over=True,
    )


def extend_series(
    cohort: Cohort, extra_weeks: int, topics: Sequence[str], actor: User | None
) -> list[Meeting]:
    """Continue the cohort's series by ``extra_weeks`` and tell its members."""
    longer, added = extend(recurrence_for(cohort), extra_weeks)
    cohort.weeks = longer.weeks
    meetings = _add_series(cohort.id, added, topics)
    if meetings:
        _announce("meeting_changed", meetings[0], actor, "added", added=len(meetings))
    return meetings


def add_extra(
    cohort: Cohort, starts_at: datetime, duration_minutes: int, topic: str, actor: User | None
) -> Meeting:
    """Add a one-off meeting outside the series, starting at the UTC instant ``starts_at``.

    ``starts_at`` comes from the person's local date and time through
    ``groupapp.core.timezones.resolve_local`` (the forms do it).
    """
    occurrence = single(0, starts_at, duration_minutes, cohort.timezone)
    meeting = _meeting(cohort.id, occurrence, topic, extra=True)
    db.session.add(meeting)
    db.session.flush()
    _announce("meeting_changed", meeting, actor, "added")
    return meeting


def reschedule(
    meeting: Meeting,
    starts_at: datetime,
    duration_minutes: int,
    actor: User | None,
    *,
    reinstate: bool = False,
) -> bool:
    """Move one meeting to the UTC instant ``starts_at`` and tell everyone.

    ``starts_at`` comes from the person's local date and time through
    ``groupapp.core.timezones.resolve_local`` (the forms do it). Returns ``False``, and
    changes and sends nothing, when the meeting is already scheduled at exactly that start
    and length (a form submitted as it was prefilled). Raises ``ScheduleError`` for a start
    that has already passed: members could not come, and the notice about it would be
    skipped as out of date; and for a cancelled meeting unless ``reinstate`` says the
    person means to hold it after all (members were told it is off, so moving it must
    never bring it back by accident).
    """
    if meeting.status == "cancelled" and not reinstate:
        raise ScheduleError(
            _(
                "This meeting is cancelled. To hold it after all, reinstate it at the new time "
                '(in the API: send status "scheduled" with local_start).'
            ),
            field="status",
        )
    occurrence = single(0, starts_at, duration_minutes, meeting.cohort.timezone)
    if (
        meeting.status == "scheduled"
        and meeting.starts_at == occurrence.starts_at
        and meeting.ends_at == occurrence.ends_at
    ):
        return False
    if starts_at <= utcnow():
        raise ScheduleError(
            _(
                "That time has already passed in %(zone)s; choose a time still to come. To "
                "keep a record of a meeting that took place, add its attendance on the "
                "meeting as it is.",
                zone=meeting.cohort.timezone,
            ),
            field="local_start",
        )
    previous = meeting.starts_at
    meeting.starts_at = occurrence.starts_at
    meeting.ends_at = occurrence.ends_at
    meeting.local_start = occurrence.local_start.strftime(LOCAL_FORMAT)
    meeting.status = "scheduled"
    meeting.cancel_reason = ""
    meeting.sequence += 1
    db.session.flush()
    moved_from = previous if previous != meeting.starts_at else None
    _announce("meeting_changed", meeting, actor, "rescheduled", moved_from=moved_from)
    return True


def cancel(meeting: Meeting, reason: str, actor: User | None) -> None:
    """Cancel one meeting with a reason members will read."""
    meeting.status = "cancelled"
    meeting.cancel_reason = reason.strip()
    meeting.sequence += 1
    db.session.flush()
    _announce("meeting_cancelled", meeting, actor)


def edit_topic(meeting: Meeting, topic: str, actor: User | None = None) -> None:
    """Change what the meeting is about; calendars pick the new title up.

    Members are told when an upcoming meeting's topic really changes; relabelling
    a past or cancelled meeting (keeping the record straight) sends nothing.
    """
    new_topic = topic.strip()[:200]
    changed = new_topic != meeting.topic
    meeting.topic = new_topic
    meeting.sequence += 1
    db.session.flush()
    if changed and meeting.status == "scheduled" and meeting.ends_at > utcnow():
        _announce("meeting_changed", meeting, actor, "topic")


def read_notes(meeting: Meeting) -> str:
    """The facilitators' private notes, recording that they were read."""
    record("meeting.notes.read", meeting)
    return meeting.private_notes


def save_notes(meeting: Meeting, notes: str) -> None:
    """Replace the facilitators' private notes (never shown to participants)."""
    meeting.private_notes = notes.strip()
    record("meeting.notes.update", meeting)
    db.session.flush()
