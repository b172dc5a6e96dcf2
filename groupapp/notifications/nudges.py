"""Nudges: "Remind those who have not done it" for one homework or one open check-in.

A nudge sends one reminder to each member whose work is still open, leaving out people
who turned that kind of email off and addresses that bounce (the send gate would skip
them anyway; leaving them out here keeps the count shown honest). The same item can be
nudged again only twelve hours after the last time: the ``nudges`` row is claimed with a
conditional update, so the rule holds in the database for two clicks, two tabs or two
facilitators at once. Reminders are outbox rows whose dedupe key names the nudge, so a
retried request or a restarted worker never sends one twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask_babel import gettext as _

from groupapp.accounts.models import User
from groupapp.assessments.models import AssessmentSchedule
from groupapp.assessments.outstanding import checkin_item, open_checkins
from groupapp.audit.services import record
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.actions import Refusal
from groupapp.core.outbox import enqueue_many
from groupapp.core.rows import get_or_create
from groupapp.core.timezones import format_for_viewer
from groupapp.db import db, utcnow
from groupapp.homework.models import DRAFT, REVISION_REQUESTED, TO_DO, Assignment, Submission
from groupapp.notifications.kinds import category_of
from groupapp.notifications.models import NotificationPreference, Nudge, UndeliverableAddress

#: The shortest time between two nudges for the same item.
NUDGE_GAP = timedelta(hours=12)
HOMEWORK_KIND = "homework_reminder"
CHECKIN_KIND = "checkin_reminder"
NOT_HANDED_IN = (TO_DO, DRAFT, REVISION_REQUESTED)


class NudgeRefused(Refusal):
    """Nobody can be reminded, or the last reminder for the item is too recent."""


@dataclass(frozen=True)
class NudgeResult:
    """How many members were reminded, and when (UTC)."""

    reminded: int
    sent_at: datetime


def homework_item(assignment_id: int) -> str:
    """``homework:<assignment id>``: how nudges name one homework."""
    return f"homework:{assignment_id}"


def last_nudges(cohort_id: int) -> dict[str, Nudge]:
    """The cohort's nudged items, by item name (one statement; for the pages' buttons)."""
    rows = db.session.scalars(
        sa.select(Nudge).where(Nudge.cohort_id == cohort_id, Nudge.sent_at.is_not(None))
    )
    return {row.item: row for row in rows}


def next_allowed(nudge: Nudge | None) -> datetime | None:
    """When the item may be nudged again, or None when it may be now."""
    if nudge is None or nudge.sent_at is None:
        return None
    until = nudge.sent_at + NUDGE_GAP
    return until if until > utcnow() else None


def reachable(people: Sequence[User], kind: str) -> list[User]:
    """``people`` who would receive ``kind``: not turned off, address not bouncing.

    Two statements whatever the number of people.
    """
    if not people:
        return []
    ids = [person.id for person in people]
    disabled = dict(
        db.session.execute(
            sa.select(NotificationPreference.user_id, NotificationPreference.disabled).where(
                NotificationPreference.user_id.in_(ids)
            )
        ).all()
    )
    bounced = set(
        db.session.scalars(
            sa.select(UndeliverableAddress.email).where(
                UndeliverableAddress.email.in_([person.email for person in people]),
                UndeliverableAddress.cleared_at.is_(None),
            )
        )
    )
    category = category_of(kind)
    return [
        person
        for person in people
        if category not in (disabled.get(person.id) or []) and person.email not in bounced
    ]


def _claim(cohort_id: int, item: str, actor: User, count: int, now: datetime) -> Nudge:
    """Stamp the item's nudge row with ``now``, or refuse when the last one is too recent."""
    row = get_or_create(Nudge, {"cohort_id": cohort_id, "item": item}, {"reminded": 0})
    result = db.session.execute(
        sa.update(Nudge)
        .where(
            Nudge.id == row.id,
            sa.or_(Nudge.sent_at.is_(None), Nudge.sent_at <= now - NUDGE_GAP),
        )
        .values(sent_at=now, sent_by_id=actor.id, reminded=count)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(row)
    if cast(sa.CursorResult[Any], result).rowcount != 1:
        last = cast(datetime, row.sent_at)
        raise NudgeRefused(
            _(
                "A reminder for this went out %(sent)s. The next one can go from %(next)s.",
                sent=format_for_viewer(last, actor.timezone),
                next=format_for_viewer(last + NUDGE_GAP, actor.timezone),
            )
        )
    return row


def _send(
    cohort: Cohort,
    item: str,
    kind: str,
    waiting: Sequence[tuple[User, dict[str, Any]]],
    actor: User,
    now: datetime,
) -> NudgeResult:
    if not waiting:
        raise NudgeRefused(_("Everyone has done it: there is nobody to remind."))
    params = {person.id: values for person, values in waiting}
    people = reachable([person for person, _ in waiting], kind)
    if not people:
        raise NudgeRefused(
            _(
                "Nobody was reminded: everyone who has not done it has turned these emails "
                "off or has an address that bounces."
            )
        )
    _claim(cohort.id, item, actor, len(people), now)
    stamp = f"{now:%Y%m%dT%H%M%S}"
    enqueue_many(
        [
            {
                "kind": kind,
                "dedupe_key": f"{kind}:{person.id}:{item}:{stamp}"[:200],
                "recipient_id": person.id,
                "recipient_email": person.email,
                "organisation_id": person.organisation_id,
                "params": params[person.id],
            }
            for person in people
        ],
        hand_over=True,
    )
    record("nudge.sent", cohort, reason=f"{item}: {len(people)} reminded")
    return NudgeResult(len(people), now)


def nudge_homework(assignment: Assignment, actor: User) -> NudgeResult:
    """Remind every joined member who has not handed ``assignment`` in (flushes).

    Raises ``NudgeRefused`` for cancelled homework, when nobody is left to remind, or
    within twelve hours of the last nudge for it.
    """
    if assignment.is_cancelled:
        raise NudgeRefused(_("This homework was cancelled."))
    rows = db.session.execute(
        sa.select(User, Submission.id)
        .join(Submission, Submission.user_id == User.id)
        .join(
            Membership,
            sa.and_(Membership.user_id == User.id, Membership.cohort_id == assignment.cohort_id),
        )
        .where(
            Submission.assignment_id == assignment.id,
            Submission.status.in_(NOT_HANDED_IN),
            joined_clause(),
            User.active,
        )
        .order_by(User.id)
    ).all()
    waiting = [(user, {"submission_id": submission_id}) for user, submission_id in rows]
    item = homework_item(assignment.id)
    return _send(assignment.cohort, item, HOMEWORK_KIND, waiting, actor, utcnow())


def nudge_checkin(schedule: AssessmentSchedule, key: str, actor: User) -> NudgeResult:
    """Remind every joined member for whom check-in ``key`` of ``schedule`` is open and
    unanswered (flushes). Raises ``NudgeRefused`` as ``nudge_homework`` does, and when
    the check-in is not open now."""
    now = utcnow()
    cohort = schedule.cohort
    found = next(
        (
            c
            for c in open_checkins(cohort, now)
            if c.schedule.id == schedule.id and c.occurrence.key == key
        ),
        None,
    )
    if found is None:
        raise NudgeRefused(_("This check-in is not open now."))
    closes = found.occurrence.closes_at(cohort.timezone).isoformat()
    users = db.session.scalars(
        sa.select(User).where(User.id.in_(found.waiting)).order_by(User.id)
    ).all()
    params = {"schedule_id": schedule.id, "key": key, "closes_at": closes}
    waiting = [(user, params) for user in users]
    return _send(cohort, checkin_item(schedule.id, key), CHECKIN_KIND, waiting, actor, now)
