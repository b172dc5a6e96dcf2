"""Read-side queries for homework pages, each a fixed number of statements.

Every list eager-loads what its page shows, so a cohort of forty costs the same number of
queries as a cohort of four.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import defer, joinedload, selectinload

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.pagination import (
    KeysetPage,
    capped_count,
    capped_count_expression,
    keyset_page,
)
from groupapp.db import db
from groupapp.homework.access import staff_cohort_ids
from groupapp.homework.models import (
    DRAFT,
    LATE,
    REVIEWED,
    REVISION_REQUESTED,
    STATUS_LABELS,
    SUBMITTED,
    TO_DO,
    Assignment,
    Submission,
)

#: The order of the groups on a participant's homework page: what needs them first.
PARTICIPANT_ORDER = (REVISION_REQUESTED, TO_DO, DRAFT, SUBMITTED, LATE, REVIEWED)


def _with_assignment() -> tuple[sa.orm.interfaces.LoaderOption, ...]:
    assignment = joinedload(Submission.assignment)
    return (
        assignment.joinedload(Assignment.cohort),
        assignment.joinedload(Assignment.due_meeting),
    )


@dataclass
class StatusGroup:
    """Submissions sharing one status, with the label shown above them."""

    status: str
    label: str
    items: list[Submission] = field(default_factory=list)


def user_submissions(user: User, statuses: tuple[str, ...] | None = None) -> list[Submission]:
    """The user's homework (cancelled left out) with assignment, cohort and due meeting.

    ``statuses`` keeps only submissions in those states; their answers and drafts are
    then left unread until used (a list of titles needs neither).
    """
    query = (
        sa.select(Submission)
        .join(Submission.assignment)
        .where(Submission.user_id == user.id, Assignment.cancelled_at.is_(None))
        .options(*_with_assignment())
        .order_by(Submission.id)
    )
    if statuses is not None:
        query = query.where(Submission.status.in_(statuses)).options(
            defer(Submission.answers), defer(Submission.draft)
        )
    return list(db.session.scalars(query))


def participant_homework(user: User) -> list[StatusGroup]:
    """The user's homework grouped by status, in ``PARTICIPANT_ORDER``; empty groups kept."""
    rows = user_submissions(user)
    groups = {status: StatusGroup(status, STATUS_LABELS[status]) for status in PARTICIPANT_ORDER}
    for row in sorted(rows, key=due_sort_key):
        groups[row.status].items.append(row)
    return list(groups.values())


def due_sort_key(submission: Submission) -> tuple[bool, float, int]:
    due = submission.assignment.due_at
    return (due is None, due.timestamp() if due else 0.0, submission.id)


def _cohort_submissions(*where: Any, order: tuple[Any, ...]) -> list[Submission]:
    return list(
        db.session.scalars(
            sa.select(Submission)
            .join(Submission.assignment)
            .where(Assignment.cancelled_at.is_(None), *where)
            .options(*_with_assignment(), joinedload(Submission.user))
            .order_by(*order)
        )
    )


REVIEW_PAGE_SIZE = 50


def _waiting(user: User) -> sa.Select[Any]:
    return (
        sa.select(Submission)
        .join(Submission.assignment)
        .where(
            Assignment.cancelled_at.is_(None),
            Assignment.cohort_id.in_(staff_cohort_ids(user)),
            Submission.status.in_((SUBMITTED, LATE)),
        )
    )


@dataclass
class ReviewQueue:
    """One page of the review queue and how many are waiting in all (capped)."""

    page: KeysetPage[Submission]
    waiting: int


def review_queue(user: User, cursor: str | None = None) -> ReviewQueue:
    """Handed-in homework waiting for review in the user's cohorts, oldest first.

    One page of ``REVIEW_PAGE_SIZE`` after ``cursor`` (any text; unknown means the first
    page), without the answers (the queue never shows them), and how many wait in all:
    one statement (the count rides along each row; PostgreSQL works it out once). A page
    past the end has no row to carry it, so it is counted on its own then.
    """
    count_waiting = _waiting(user).with_only_columns(Submission.id)
    rows = keyset_page(
        _waiting(user)
        .add_columns(capped_count_expression(count_waiting).label("waiting"))
        .options(
            *_with_assignment(),
            joinedload(Submission.user),
            defer(Submission.answers),
            defer(Submission.draft),
        ),
        (Submission.submitted_at, Submission.id),
        cursor,
        REVIEW_PAGE_SIZE,
        key=lambda row: (row[0].submitted_at, row[0].id),
        scalars=False,
    )
    page = KeysetPage([row[0] for row in rows.items], rows.next_cursor, rows.first)
    if rows.items:
        waiting = int(rows.items[0][1])
    else:
        waiting = 0 if rows.first else capped_count(count_waiting)
    return ReviewQueue(page, waiting)


def shared_in_cohort(cohort_id: int) -> list[Submission]:
    """Submissions members chose to share with this cohort, newest first."""
    return _cohort_submissions(
        Assignment.cohort_id == cohort_id,
        Submission.share_with_group.is_(True),
        Submission.status.in_((SUBMITTED, LATE, REVIEWED)),
        order=(Submission.submitted_at.desc(), Submission.id.desc()),
    )


def staff_cohorts(user: User) -> list[Cohort]:
    """The cohorts whose homework ``user`` oversees, by name."""
    return list(
        db.session.scalars(
            sa.select(Cohort).where(Cohort.id.in_(staff_cohort_ids(user))).order_by(Cohort.name)
        )
    )


@dataclass
class Grid:
    """Members by assignments: each cell a submission (or None: not given to them)."""

    cohort: Cohort
    members: list[User]
    assignments: list[Assignment]
    cells: dict[tuple[int, int], Submission]
    column_counts: dict[int, Counter[str]]
    row_counts: dict[int, Counter[str]]
    #: Cancelled assignments, kept off the grid; their handed-in work stays readable.
    cancelled: list[Assignment] = field(default_factory=list)

    def cell(self, member: User, assignment: Assignment) -> Submission | None:
        """The member's submission for the assignment, if it was given to them."""
        return self.cells.get((member.id, assignment.id))

    def handed_in(self, assignment: Assignment) -> list[tuple[str, Submission]]:
        """What was handed in for ``assignment``, with the member's name (if still active)."""
        names = {m.id: m.display_name for m in self.members}
        return [
            (names.get(s.user_id, "A former member"), s)
            for s in assignment.submissions
            if s.status in (SUBMITTED, LATE, REVIEWED)
        ]


def active_members(cohort_id: int) -> list[User]:
    """The cohort's active members by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.cohort_id == cohort_id, joined_clause())
            .order_by(User.display_name, User.id)
        )
    )


def completion_grid(cohort: Cohort) -> Grid:
    """Who has done what in a cohort, with counts per assignment and per member.

    Cancelled assignments come from the same query and are set aside in ``cancelled``.
    """
    members = active_members(cohort.id)
    assignments = list(
        db.session.scalars(
            sa.select(Assignment)
            .where(Assignment.cohort_id == cohort.id)
            .options(joinedload(Assignment.due_meeting), selectinload(Assignment.submissions))
            .order_by(Assignment.created_at, Assignment.id)
        )
    )
    cancelled = [a for a in assignments if a.is_cancelled]
    assignments = [a for a in assignments if not a.is_cancelled]
    cells: dict[tuple[int, int], Submission] = {}
    column_counts: dict[int, Counter[str]] = {}
    row_counts: dict[int, Counter[str]] = {m.id: Counter() for m in members}
    for assignment in assignments:
        column_counts[assignment.id] = Counter()
        for submission in assignment.submissions:
            cells[(submission.user_id, assignment.id)] = submission
            column_counts[assignment.id][submission.status] += 1
            if submission.user_id in row_counts:
                row_counts[submission.user_id][submission.status] += 1
    return Grid(cohort, members, assignments, cells, column_counts, row_counts, cancelled)
