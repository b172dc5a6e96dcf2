"""Assigning homework and the participant's side of it: drafts, submission, sharing.

Services change state and flush; the view commits. Every read or write of a
participant's submission leaves an audit record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupapp.accounts.models import User
from groupapp.audit.services import record
from groupapp.cohorts.membership_state import joined_clause, joined_cohort_ids, joined_user_ids
from groupapp.cohorts.models import Cohort, Membership
from groupapp.cohorts.services import on_member_activated
from groupapp.core.actions import Refusal
from groupapp.core.i18n import current_locale
from groupapp.core.timezones import prefill, resolve_local
from groupapp.db import db, utcnow
from groupapp.homework import notices
from groupapp.homework.answers import Errors, FormData, is_blank, parse_form, validate_answers
from groupapp.homework.fields import Field
from groupapp.homework.models import (
    DRAFT,
    LATE,
    SUBMITTED,
    TO_DO,
    Assignment,
    HomeworkTemplate,
    Submission,
)
from groupapp.homework.translations import assignment_in_language
from groupapp.meetings.models import Meeting


class HomeworkError(Refusal):
    """A request that cannot be carried out; the message is shown to the user."""


@dataclass(frozen=True)
class Due:
    """When homework is due: a wall-clock time in the cohort's zone, or meeting N.

    ``offset`` is the UTC offset a prefilled form showed with ``local``: it picks the
    second of two identical clock readings when that is what was shown.
    """

    local: datetime | None = None
    meeting_number: int | None = None
    offset: timedelta | None = None


@dataclass(frozen=True)
class AssignmentSpec:
    """What a facilitator chose on the assign form."""

    title: str
    instructions: str
    fields: Sequence[Field]
    due: Due
    member_ids: Sequence[int] | None = None  # None: the whole cohort
    include_later_joiners: bool = False
    template_id: int | None = None
    source_slug: str | None = None
    # Words in other languages, by language code (see ``Assignment.translations``).
    translations: dict[str, Any] | None = None


def nth_meeting(cohort_id: int, number: int) -> Meeting | None:
    """The cohort's ``number``-th meeting (1-based, cancelled ones not counted)."""
    return db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.cohort_id == cohort_id, Meeting.status != "cancelled")
        .order_by(Meeting.starts_at)
        .offset(number - 1)
        .limit(1)
    )


def cohort_meetings(cohort_id: int) -> list[Meeting]:
    """The cohort's meetings that count for "due before meeting N", in order (one query)."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.cohort_id == cohort_id, Meeting.status != "cancelled")
            .order_by(Meeting.starts_at)
        )
    )


def meeting_number(cohort_id: int, meeting_id: int) -> int | None:
    """The N of "due before meeting N" for ``meeting_id`` (None unless it is one of the
    cohort's meetings that count: its own, not cancelled)."""
    for number, meeting in enumerate(cohort_meetings(cohort_id), start=1):
        if meeting.id == meeting_id:
            return number
    return None


def due_at_instant(instant: datetime, zone: str) -> Due:
    """Due at ``instant`` (aware), as the wall-clock time and offset ``zone`` shows for it."""
    shown = prefill(instant, zone)
    return Due(local=datetime.combine(shown.day, shown.at), offset=shown.offset)


def active_member_ids(cohort_id: int) -> list[int]:
    """Ids of the people who have joined the cohort."""
    return list(db.session.scalars(joined_user_ids(cohort_id)))


def _version_of(template_id: int | None) -> int | None:
    if template_id is None:
        return None
    return db.session.scalar(
        sa.select(HomeworkTemplate.version).where(HomeworkTemplate.id == template_id)
    )


def assign(cohort: Cohort, spec: AssignmentSpec, by: User) -> Assignment:
    """Give homework to the cohort (or chosen active members) and notify each of them."""
    members = active_member_ids(cohort.id)
    if spec.member_ids is not None:
        stray = set(spec.member_ids) - set(members)
        if stray:
            listed = ", ".join(str(member_id) for member_id in sorted(stray))
            raise HomeworkError(
                _(
                    "Not an active member of this cohort: %(ids)s. Nothing was assigned.",
                    ids=listed,
                ),
                field="participant_ids",
            )
        if not spec.member_ids:
            raise HomeworkError(
                _("Choose at least one active member of this cohort."), field="participant_ids"
            )
        members = [m for m in members if m in set(spec.member_ids)]
    assignment = Assignment(
        cohort=cohort,
        template_id=spec.template_id,
        template_version=_version_of(spec.template_id),
        source_slug=spec.source_slug,
        title=spec.title,
        instructions=spec.instructions,
        fields=[item.to_dict() for item in spec.fields],
        translations=spec.translations or None,
        audience="cohort" if spec.member_ids is None else "members",
        include_later_joiners=spec.include_later_joiners and spec.member_ids is None,
        created_by=by,
    )
    set_due(assignment, cohort, spec.due)
    db.session.add(assignment)
    db.session.flush()
    _give(assignment, members)
    record("homework.assign", assignment)
    return assignment


def set_due(assignment: Assignment, cohort: Cohort, due: Due) -> None:
    """Point ``assignment`` at meeting N or a wall-clock time in the cohort's zone (or none).

    Raises ``HomeworkError`` (leaving the assignment unchanged) when meeting N does not exist,
    and ``NonexistentLocalTime`` when the clocks skip the wall-clock time (the one rule for
    local times, ``groupapp.core.timezones.resolve_local``).
    """
    due_at = None
    if due.local is not None and due.meeting_number is None:
        due_at = resolve_local(
            due.local.date(), due.local.time(), cohort.timezone, offset=due.offset
        )
    meeting = None
    if due.meeting_number is not None:
        meeting = nth_meeting(cohort.id, due.meeting_number)
        if meeting is None:
            raise HomeworkError(
                _("This cohort has no meeting %(number)s.", number=due.meeting_number)
            )
    assignment.due_meeting = meeting
    assignment.due_meeting_number = due.meeting_number if meeting is not None else None
    assignment.due_at_fixed = due_at


def _give(assignment: Assignment, user_ids: Sequence[int]) -> list[Submission]:
    """One submission per person in one INSERT, then their messages (a fixed few statements)."""
    if not user_ids:
        return []
    db.session.execute(
        sa.insert(Submission),
        [{"assignment_id": assignment.id, "user_id": uid} for uid in user_ids],
    )
    created = list(
        db.session.scalars(
            sa.select(Submission)
            .where(Submission.assignment_id == assignment.id, Submission.user_id.in_(user_ids))
            .order_by(Submission.id)
        )
    )
    db.session.expire(assignment, ["submissions"])
    notices.homework_given(assignment, created)
    return created


def reach_later_joiners(cohort_ids: Sequence[int]) -> int:
    """Give cohort-wide assignments marked for later joiners to members who lack them.

    Called wherever homework is listed, so a member who joined after the assignment finds
    it without anyone re-assigning. A fixed number of queries whatever the cohort sizes,
    plus the rows it adds. Returns how many were given.
    """
    assignments = db.session.scalars(
        sa.select(Assignment).where(
            Assignment.cohort_id.in_(cohort_ids),
            Assignment.include_later_joiners.is_(True),
            Assignment.cancelled_at.is_(None),
        )
    ).all()
    if not assignments:
        return 0
    members = db.session.execute(
        sa.select(Membership.cohort_id, Membership.user_id).where(
            Membership.cohort_id.in_({a.cohort_id for a in assignments}),
            joined_clause(),
        )
    ).all()
    have = {
        (row.assignment_id, row.user_id)
        for row in db.session.execute(
            sa.select(Submission.assignment_id, Submission.user_id).where(
                Submission.assignment_id.in_([a.id for a in assignments])
            )
        )
    }
    given = 0
    for assignment in assignments:
        missing = sorted(
            uid
            for cohort_id, uid in members
            if cohort_id == assignment.cohort_id and (assignment.id, uid) not in have
        )
        if missing:
            given += len(_give(assignment, missing))
    return given


@on_member_activated
def _give_to_new_member(membership: Membership) -> None:
    """A member who takes a place gets the cohort's homework marked for later joiners."""
    reach_later_joiners([membership.cohort_id])


def member_cohort_ids(user: User) -> list[int]:
    """The cohorts ``user`` has joined."""
    return list(db.session.scalars(joined_cohort_ids(user.id)))


def working_answers(submission: Submission) -> dict[str, Any]:
    """What the fill form shows: the unsent draft if any, else the handed-in answers."""
    return submission.draft if submission.draft is not None else dict(submission.answers)


def record_read(submission: Submission) -> None:
    """Audit that the current user read this submission (every page that shows it)."""
    record("homework.submission.view", submission, subject_user_id=submission.user_id)


def save_draft(submission: Submission, form: FormData) -> datetime:
    """Keep whatever was typed; never fails for what the text contains.

    A handed-in submission keeps its status and answers: the draft is the participant's
    working copy until they submit again.
    """
    _require_editable(submission)
    submission.draft = parse_form(submission.assignment.field_list(), form)
    submission.draft_saved_at = utcnow()
    if submission.status == TO_DO:
        submission.status = DRAFT
    record("homework.submission.draft", submission, subject_user_id=submission.user_id)
    db.session.flush()
    return submission.draft_saved_at


def submit(submission: Submission, form: FormData) -> Errors:
    """Validate and hand in; on errors the text is kept as a draft and errors returned.

    Untouched homework submitted empty is refused without saving a draft, so its status
    stays "to do" (nothing was typed to keep).
    """
    assignment = submission.assignment
    # Messages name each question in the reader's words; a translation keeps every key,
    # type, limit and choice value, so the answers checked are the same.
    fields = assignment_in_language(assignment, current_locale()).fields
    if submission.status == TO_DO and is_blank(parse_form(assignment.field_list(), form)):
        _require_editable(submission)
        _, errors = validate_answers(fields, {})
        if errors:
            return errors
    save_draft(submission, form)
    clean, errors = validate_answers(fields, submission.draft)
    if errors:
        return errors
    now = utcnow()
    submission.answers = clean
    submission.draft = None
    submission.submitted_at = submission.submitted_at or now
    due = submission.assignment.due_at
    submission.status = LATE if due is not None and submission.submitted_at > due else SUBMITTED
    record("homework.submission.submit", submission, subject_user_id=submission.user_id)
    db.session.flush()
    return {}


def set_sharing(submission: Submission, share: bool, shared_name: str) -> None:
    """Let (or stop letting) the participant's cohort read this submission."""
    shared_name = " ".join(shared_name.split())[:80]
    if share and not shared_name:
        raise HomeworkError(_("Choose the name your group will see, such as a first name."))
    submission.share_with_group = share
    submission.shared_name = shared_name if share else ""
    action = "homework.submission.share" if share else "homework.submission.unshare"
    record(action, submission, subject_user_id=submission.user_id)
    db.session.flush()


def require_open(assignment: Assignment) -> None:
    """Refuse changes to cancelled homework (what was handed in stays readable)."""
    if assignment.is_cancelled:
        raise HomeworkError(_("This homework was cancelled, so it can no longer be changed."))


def _require_editable(submission: Submission) -> None:
    if not submission.is_editable:
        raise HomeworkError(_("This homework has been reviewed, so it can no longer be changed."))
