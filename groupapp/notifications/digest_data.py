"""What a weekly digest says, gathered as plain values (a few queries per digest).

Facilitator digests hold counts and rates, never answers or scores (members whose
check-in or observed patterns moved that week are named with the kind of measure only, so
facilitators know whose progress page to open); the participant's digest describes their
own progress in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.models import AssessmentResponse, RiskAlert
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.i18n import N_
from groupapp.db import db
from groupapp.feedback.summary import falling_trend_note
from groupapp.homework.models import HANDED_IN, LATE, SUBMITTED, Assignment, Feedback, Submission
from groupapp.meetings.models import AbsenceFlag, Attendance, Meeting
from groupapp.observations.change import moved_this_week

WEEK = timedelta(days=7)
RELIABLE = ("reliable_improvement", "reliable_deterioration")
TREND_MEETINGS = 4
ATTENDED = ("present", "late")


@dataclass(frozen=True)
class Bar:
    """One labelled bar: ``value`` of ``total`` (percent for the HTML table width)."""

    label: str
    value: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.value / self.total) if self.total else 0


@dataclass
class FacilitatorDigest:
    attendance: list[Bar] = field(default_factory=list)  # oldest first; the last is latest
    homework: list[Bar] = field(default_factory=list)
    review_queue: int = 0
    reliable_better: int = 0
    reliable_worse: int = 0
    open_risk_flags: int = 0
    absences: int = 0
    # The meeting feedback line when it fell over two meetings (groupapp.feedback.summary).
    feedback_falling: str | None = None
    next_week: list[Meeting] = field(default_factory=list)
    # Members whose check-in changed reliably or whose observation moved this week:
    # (name, kinds of measure, e.g. ["check-in", "observation"]), by name.
    moved: list[tuple[str, list[str]]] = field(default_factory=list)


def _meetings(cohort_ids: list[int]) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.cohort_id.in_(cohort_ids), Meeting.status != "cancelled")
            .order_by(Meeting.starts_at)
        )
    )


def facilitator_digest(cohort: Cohort, now: datetime) -> FacilitatorDigest:
    digest = FacilitatorDigest()
    meetings = _meetings([cohort.id])
    past = [m for m in meetings if m.starts_at <= now][-TREND_MEETINGS:]
    digest.next_week = [m for m in meetings if now < m.starts_at <= now + WEEK]
    members, digest.review_queue, digest.open_risk_flags, digest.absences = _counts(cohort.id)
    came = dict(
        db.session.execute(
            sa.select(Attendance.meeting_id, sa.func.count(Attendance.id))
            .where(Attendance.meeting_id.in_([m.id for m in past]), Attendance.status.in_(ATTENDED))
            .group_by(Attendance.meeting_id)
        ).all()
    )
    digest.attendance = [Bar(m.local_start[:10], came.get(m.id, 0), members or 0) for m in past]
    handed = db.session.execute(
        sa.select(
            Assignment.title,
            sa.func.count(Submission.id),
            sa.func.count(Submission.id).filter(Submission.status.in_(HANDED_IN)),
        )
        .join(Submission, Submission.assignment_id == Assignment.id)
        .where(
            Assignment.cohort_id == cohort.id,
            Assignment.created_at >= now - 4 * WEEK,
            Assignment.cancelled_at.is_(None),
        )
        .group_by(Assignment.id, Assignment.title)
        .order_by(Assignment.id)
    ).all()
    digest.homework = [Bar(title, done, total) for title, total, done in handed]
    # One statement gives both the week's counts by change status and who changed
    # reliably (named below), so the digest's cost does not grow with what it lists.
    changes: dict[str | None, int] = {}
    changed_reliably: list[int] = []
    for status, user_id, responses in db.session.execute(
        sa.select(
            AssessmentResponse.change_status,
            AssessmentResponse.user_id,
            sa.func.count(AssessmentResponse.id),
        )
        .where(
            AssessmentResponse.cohort_id == cohort.id,
            AssessmentResponse.submitted_at >= now - WEEK,
        )
        .group_by(AssessmentResponse.change_status, AssessmentResponse.user_id)
        .order_by(AssessmentResponse.user_id)
    ):
        changes[status] = changes.get(status, 0) + responses
        if status in RELIABLE and user_id not in changed_reliably:
            changed_reliably.append(user_id)
    digest.reliable_better = changes.get("reliable_improvement", 0)
    digest.reliable_worse = changes.get("reliable_deterioration", 0)
    digest.feedback_falling = falling_trend_note(cohort.id, now)
    digest.moved = _moved_members(cohort.id, changed_reliably, now)
    return digest


def _counts(cohort_id: int) -> tuple[int, int, int, int]:
    """(joined members, hand-ins awaiting review, open risk alerts, open absence flags)
    for a cohort, in one statement of four counts."""
    row = db.session.execute(
        sa.select(
            sa.select(sa.func.count(Membership.id))
            .where(Membership.cohort_id == cohort_id, joined_clause())
            .scalar_subquery(),
            sa.select(sa.func.count(Submission.id))
            .join(Assignment, Assignment.id == Submission.assignment_id)
            .where(
                Assignment.cohort_id == cohort_id,
                Assignment.cancelled_at.is_(None),
                Submission.status.in_((SUBMITTED, LATE)),
            )
            .scalar_subquery(),
            sa.select(sa.func.count(RiskAlert.id))
            .where(RiskAlert.cohort_id == cohort_id, RiskAlert.acknowledged_at.is_(None))
            .scalar_subquery(),
            sa.select(sa.func.count(AbsenceFlag.id))
            .where(AbsenceFlag.cohort_id == cohort_id, AbsenceFlag.cleared_at.is_(None))
            .scalar_subquery(),
        )
    ).one()
    members, review_queue, open_risk_flags, absences = (count or 0 for count in row)
    return members, review_queue, open_risk_flags, absences


def _moved_members(
    cohort_id: int, changed_reliably: list[int], now: datetime
) -> list[tuple[str, list[str]]]:
    """Who moved this week, either way: ``changed_reliably`` (user ids with a reliable
    change on a check-in this week, by the questionnaire's own threshold) and those whose
    observation subscale moved by the stated rule (``groupapp.observations.change.RULE``).
    Two statements."""
    kinds: dict[int, list[str]] = {user_id: ["check-in"] for user_id in changed_reliably}
    for user_id in moved_this_week(cohort_id, now - WEEK, now):
        kinds.setdefault(user_id, []).append("observation")
    # Asked even when nobody moved, so a digest runs the same statements every week.
    names = db.session.execute(
        sa.select(User.id, User.display_name).where(
            User.id.in_(list(kinds)), User.erased_at.is_(None)
        )
    ).all()
    return sorted(((name, kinds[uid]) for uid, name in names), key=lambda r: r[0].lower())


@dataclass
class ParticipantDigest:
    cohorts: int = 0  # cohorts the person has joined (none: no digest to send)
    next_meeting: Meeting | None = None
    due: list[Submission] = field(default_factory=list)
    attended: Bar | None = None
    homework: Bar | None = None
    progress: list[str] = field(default_factory=list)
    feedback: int = 0


CHANGE_WORDS = {
    "reliable_improvement": N_(
        "Your check-ins show a clear change for the better since you began."
    ),
    "reliable_deterioration": N_(
        "Your check-ins suggest things have felt harder lately. "
        "Your facilitator is glad to talk it through with you."
    ),
    "no_reliable_change": N_("Your check-ins are holding steady for now."),
}


def participant_digest(user: User, now: datetime) -> ParticipantDigest:
    digest = ParticipantDigest()
    cohort_ids = list(
        db.session.scalars(
            sa.select(Membership.cohort_id).where(Membership.user_id == user.id, joined_clause())
        )
    )
    digest.cohorts = len(cohort_ids)
    meetings = _meetings(cohort_ids)
    digest.next_meeting = next((m for m in meetings if m.starts_at > now), None)
    past_ids = [m.id for m in meetings if m.starts_at <= now]
    came = (
        db.session.scalar(
            sa.select(sa.func.count(Attendance.id)).where(
                Attendance.user_id == user.id,
                Attendance.meeting_id.in_(past_ids),
                Attendance.status.in_(ATTENDED),
            )
        )
        or 0
    )
    if past_ids:
        digest.attended = Bar(N_("Meetings you came to"), came, len(past_ids))
    submissions = list(
        db.session.scalars(
            sa.select(Submission)
            .join(Assignment, Assignment.id == Submission.assignment_id)
            .where(
                Submission.user_id == user.id,
                Assignment.cohort_id.in_(cohort_ids),
                Assignment.cancelled_at.is_(None),
            )
            .options(
                sa.orm.selectinload(Submission.assignment).selectinload(Assignment.due_meeting)
            )
        )
    )
    if submissions:
        done = sum(1 for s in submissions if s.status in HANDED_IN)
        digest.homework = Bar(N_("Homework handed in"), done, len(submissions))
    digest.due = [
        s
        for s in submissions
        if s.status not in HANDED_IN
        and s.assignment.due_at is not None
        and s.assignment.due_at <= now + WEEK
    ]
    latest = db.session.scalar(
        sa.select(AssessmentResponse.change_status)
        .where(AssessmentResponse.user_id == user.id, AssessmentResponse.status == "submitted")
        .order_by(AssessmentResponse.submitted_at.desc())
        .limit(1)
    )
    if latest in CHANGE_WORDS:
        digest.progress.append(CHANGE_WORDS[latest])
    digest.feedback = (
        db.session.scalar(
            sa.select(sa.func.count(Feedback.id))
            .join(Submission, Submission.id == Feedback.submission_id)
            .where(Submission.user_id == user.id, Feedback.created_at >= now - WEEK)
        )
        or 0
    )
    return digest
