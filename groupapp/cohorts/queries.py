"""Read-side queries for cohort pages, each a fixed number of statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from groupapp.accounts.invitation_delivery import failed_delivery
from groupapp.accounts.models import Invitation, User
from groupapp.cohorts.access import managed_cohorts_query
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.outbox import OutboxMessage
from groupapp.core.pagination import KeysetPage, keyset_page
from groupapp.db import db, utcnow
from groupapp.meetings.attendance_stats import AttendanceSummary, summarise, summarise_counts
from groupapp.meetings.models import AbsenceFlag, Attendance, Meeting


@dataclass
class CohortCard:
    """One row of the facilitator dashboard."""

    cohort: Cohort
    seated: int = 0
    waitlisted: int = 0
    next_meeting: Meeting | None = None
    summary: AttendanceSummary | None = None
    open_flags: int = 0


def _attendance_by_cohort(cohort_ids: list[int], now: datetime) -> dict[int, AttendanceSummary]:
    """Each cohort's attendance over its past meetings, counted by the database."""
    rows = db.session.execute(
        sa.select(Meeting.cohort_id, Attendance.status, sa.func.count())
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Meeting.cohort_id.in_(cohort_ids),
            Meeting.status != "cancelled",
            Meeting.starts_at <= now,
        )
        .group_by(Meeting.cohort_id, Attendance.status)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for cohort_id, status, count in rows:
        counts[cohort_id][status] = count
    return {cohort_id: summarise_counts(by_status) for cohort_id, by_status in counts.items()}


UPCOMING_SHOWN = 10
CARDS_PER_PAGE = 30
#: The longest a meeting can last (forms allow 480 minutes): lets "meetings not over yet"
#: start from an index position on ``starts_at`` instead of reading every past meeting.
LONGEST_MEETING = timedelta(days=1)


def _next_meetings(cohort_ids: list[int], now: datetime) -> list[Meeting]:
    """Each cohort's next scheduled meeting, in one statement whatever the number of cohorts."""
    first = (
        sa.select(Meeting.cohort_id, sa.func.min(Meeting.starts_at).label("starts_at"))
        .where(
            Meeting.cohort_id.in_(cohort_ids),
            Meeting.status == "scheduled",
            Meeting.ends_at >= now,
        )
        .group_by(Meeting.cohort_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .join(
                first,
                sa.and_(
                    Meeting.cohort_id == first.c.cohort_id, Meeting.starts_at == first.c.starts_at
                ),
            )
            .where(Meeting.status == "scheduled")
        )
    )


@dataclass
class Dashboard:
    """A page of the staff member's cohort cards and the meetings coming up in all of them."""

    cards: list[CohortCard]
    upcoming: list[Meeting]
    page: KeysetPage[Cohort]


def _upcoming(managed: sa.Select[Any], now: datetime) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .options(joinedload(Meeting.cohort))
            .where(
                Meeting.cohort_id.in_(managed.with_only_columns(Cohort.id)),
                Meeting.starts_at >= now - LONGEST_MEETING,
                Meeting.ends_at >= now,
            )
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(UPCOMING_SHOWN)
        )
    )


def dashboard(user: User, cursor: str | None = None) -> Dashboard:
    """A page of the cohorts ``user`` manages (newest first) with counts, next meeting and
    attendance, and the next meetings across all of them: 6 statements at any size.

    ``cursor`` is the page's position from the address (any text; unknown means page one).
    """
    now = utcnow()
    managed = managed_cohorts_query(user).where(Cohort.status != "archived")
    page = keyset_page(
        managed.options(selectinload(Cohort.facilitator_links).joinedload(CohortFacilitator.user)),
        (Cohort.id,),
        cursor,
        CARDS_PER_PAGE,
        key=lambda cohort: (cohort.id,),
        descending=True,
    )
    cards = {c.id: CohortCard(c) for c in page.items}
    upcoming = _upcoming(managed, now)
    ids = list(cards)
    if not ids:
        return Dashboard([], upcoming, page)
    # Places taken, waiting list and open absence flags per cohort, in one statement.
    counts = db.session.execute(
        sa.union_all(
            sa.select(Membership.cohort_id, Membership.status, sa.func.count())
            .where(Membership.cohort_id.in_(ids), Membership.status.in_(("active", "waitlisted")))
            .group_by(Membership.cohort_id, Membership.status),
            sa.select(AbsenceFlag.cohort_id, sa.literal("flagged"), sa.func.count())
            .where(AbsenceFlag.cohort_id.in_(ids), AbsenceFlag.cleared_at.is_(None))
            .group_by(AbsenceFlag.cohort_id),
        )
    ).all()
    for cohort_id, what, count in counts:
        card = cards[cohort_id]
        if what == "active":
            card.seated = count
        elif what == "waitlisted":
            card.waitlisted = count
        else:
            card.open_flags = count
    for meeting in _next_meetings(ids, now):
        cards[meeting.cohort_id].next_meeting = meeting
        set_committed_value(meeting, "cohort", cards[meeting.cohort_id].cohort)
    for cohort_id, summary in _attendance_by_cohort(ids, now).items():
        cards[cohort_id].summary = summary
    return Dashboard(list(cards.values()), upcoming, page)


class Mark(NamedTuple):
    """One cell of the attendance grid: the status and the facilitator's comment."""

    status: str
    comment: str | None


@dataclass
class MemberRow:
    """A member's line in the attendance grid."""

    membership: Membership
    cells: list[Mark | None] = field(default_factory=list)
    summary: AttendanceSummary | None = None
    flagged: bool = False
    agreement_version: int | None = None
    # The language the accepted version was read in (None: before languages were kept).
    agreement_language: str | None = None


@dataclass
class CohortPage:
    cohort: Cohort
    meetings: list[Meeting]
    members: list[MemberRow]
    others: list[Membership]
    invitations: list[Invitation]
    # Why an invitation's email could not be delivered, by invitation id.
    undelivered: dict[int, str] = field(default_factory=dict)


def cohort_page(cohort_id: int) -> Cohort | None:
    """The cohort with facilitators, memberships and people loaded (for access checks too).

    Two statements: the cohort joined with its program, facilitators and agreement
    versions (a few rows each, so the joined rows stay few), then its memberships.
    """
    return (
        db.session.scalars(
            sa.select(Cohort)
            .where(Cohort.id == cohort_id)
            .options(
                joinedload(Cohort.facilitator_links).joinedload(CohortFacilitator.user),
                selectinload(Cohort.memberships).joinedload(Membership.user),
                joinedload(Cohort.agreements),
                joinedload(Cohort.program),
            )
        )
        .unique()
        .one_or_none()
    )


def cohort_overview(cohort: Cohort) -> CohortPage:
    """Members by meetings, with each cell's attendance, in a fixed number of queries."""
    from groupapp.accounts.models import ConsentRecord

    now = utcnow()
    meetings = list(
        db.session.scalars(
            sa.select(Meeting).where(Meeting.cohort_id == cohort.id).order_by(Meeting.starts_at)
        )
    )
    # Plain rows, not objects: a year of weekly meetings is hundreds of marks per cohort.
    rows = db.session.execute(
        sa.select(Attendance.meeting_id, Attendance.user_id, Attendance.status, Attendance.comment)
        .join(Meeting)
        .where(Meeting.cohort_id == cohort.id)
    )
    marks = {(row[0], row[1]): Mark(row[2], row[3]) for row in rows}
    # Open absence flags (version NULL) and each member's accepted agreement versions with
    # the language each was read in, in one statement.
    flagged: set[int] = set()
    versions: dict[int, tuple[int, str | None]] = {}
    found: sa.Result[int, int | None, str | None] = db.session.execute(
        sa.union_all(
            sa.select(
                AbsenceFlag.user_id, sa.null().label("version"), sa.null().label("language")
            ).where(AbsenceFlag.cohort_id == cohort.id, AbsenceFlag.cleared_at.is_(None)),
            sa.select(ConsentRecord.user_id, ConsentRecord.version, ConsentRecord.language).where(
                ConsentRecord.document == "group_agreement",
                ConsentRecord.document_ref == cohort.id,
            ),
        )
    )
    for user_id, version, language in found:
        if version is None:
            flagged.add(user_id)
        elif version > versions.get(user_id, (0, None))[0]:
            versions[user_id] = (version, language)
    counted = [m for m in meetings if m.status != "cancelled" and m.starts_at <= now]
    members = []
    others = []
    for membership in sorted(cohort.memberships, key=lambda m: m.user.display_name.lower()):
        if membership.status != "active":
            others.append(membership)
            continue
        cells = [marks.get((m.id, membership.user_id)) for m in meetings]
        statuses = [
            (
                marks[(m.id, membership.user_id)].status
                if (m.id, membership.user_id) in marks
                else None
            )
            for m in counted
        ]
        members.append(
            MemberRow(
                membership,
                cells,
                summarise(statuses),
                membership.user_id in flagged,
                *versions.get(membership.user_id, (None, None)),
            )
        )
    invitation_rows = db.session.execute(
        sa.select(Invitation, OutboxMessage.last_error)
        .outerjoin(OutboxMessage, failed_delivery())
        .where(
            Invitation.cohort_id == cohort.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at)
    ).all()
    invitations = [invitation for invitation, _ in invitation_rows]
    undelivered = {
        invitation.id: error for invitation, error in invitation_rows if error is not None
    }
    return CohortPage(cohort, meetings, members, others, invitations, undelivered)


@dataclass
class MemberHistory:
    """One member's record in one cohort, for the facilitators."""

    membership: Membership
    rows: list[tuple[Meeting, Attendance | None]]
    summary: AttendanceSummary
    open_flag: AbsenceFlag | None


def member_history(membership: Membership) -> MemberHistory:
    """Every meeting of the cohort with the member's mark, newest first (3 statements)."""
    now = utcnow()
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.cohort_id == membership.cohort_id)
        .order_by(Meeting.starts_at.desc())
    ).all()
    marks = {
        row.meeting_id: row
        for row in db.session.scalars(
            sa.select(Attendance)
            .join(Meeting)
            .where(
                Meeting.cohort_id == membership.cohort_id,
                Attendance.user_id == membership.user_id,
            )
        )
    }
    flag = db.session.scalar(
        sa.select(AbsenceFlag).where(
            AbsenceFlag.cohort_id == membership.cohort_id,
            AbsenceFlag.user_id == membership.user_id,
            AbsenceFlag.cleared_at.is_(None),
        )
    )
    counted = [m for m in reversed(meetings) if m.status != "cancelled" and m.starts_at <= now]
    statuses = [marks[m.id].status if m.id in marks else None for m in counted]
    return MemberHistory(
        membership, [(m, marks.get(m.id)) for m in meetings], summarise(statuses), flag
    )
