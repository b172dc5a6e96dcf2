"""A support person: invite, choose what they see, revoke; their reads, logged.

They flush, never commit: the view or API call commits once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from groupapp.accounts import services as accounts
from groupapp.accounts.models import Invitation, User
from groupapp.audit.services import record
from groupapp.cohorts.membership_state import joined_cohort_ids
from groupapp.cohorts.models import Cohort
from groupapp.core.actions import Refusal
from groupapp.db import db, utcnow
from groupapp.homework.models import HANDED_IN, Assignment, Submission
from groupapp.meetings.models import Meeting
from groupapp.support.models import SUPPORTER_ROLE, SupportLink, SupportView

#: Meetings the schedule shows a support person, from now on.
SCHEDULE_LENGTH = 12

# API tokens belong to the API layer above this package; ending a support person's
# access ends their tokens by table name, so imports keep running one way.
_api_tokens = sa.table("api_tokens", sa.column("user_id"), sa.column("revoked_at"))


class SupportRefused(Refusal):
    """A support-person change that cannot be made; the message says why."""


def live_link_of(participant_id: int) -> SupportLink | None:
    """The participant's live support link, if any (one statement)."""
    return db.session.scalar(
        sa.select(SupportLink)
        .where(SupportLink.participant_id == participant_id, SupportLink.revoked_at.is_(None))
        .order_by(SupportLink.id.desc())
        .limit(1)
    )


def links_supported_by(supporter_id: int) -> list[SupportLink]:
    """The live links a support person has accepted, with their participants."""
    return list(
        db.session.scalars(
            sa.select(SupportLink)
            .where(SupportLink.supporter_id == supporter_id, SupportLink.revoked_at.is_(None))
            .options(sa.orm.joinedload(SupportLink.participant))
            .order_by(SupportLink.id)
        )
    )


def invite_support_person(participant: User, email: str) -> SupportLink:
    """Invite one support person by email (the organisation's invitation and outbox).

    Raises ``SupportRefused`` when the participant already has one, gives their own
    address, or the address belongs to an account that is not a support person's.
    """
    if participant.role != "participant":
        raise SupportRefused(_("Only participants invite a support person."))
    if live_link_of(participant.id) is not None:
        raise SupportRefused(_("You already have a support person. Revoke them to invite another."))
    address = accounts.normalise_email(email)
    if address == participant.email:
        raise SupportRefused(_("Give your support person's address, not your own."), field="email")
    existing = accounts.find_user_by_email(address)
    if existing is not None and existing.role != SUPPORTER_ROLE:
        raise SupportRefused(
            _(
                "That address belongs to a groupapp account that cannot be a support person. "
                "Ask them for another address."
            ),
            field="email",
        )
    # Written in the participant's own language: the person they ask most likely shares it.
    invitation = accounts.invite(
        participant.organisation, address, SUPPORTER_ROLE, participant, locale=participant.locale
    )
    link = SupportLink(participant_id=participant.id, email=address, invitation_id=invitation.id)
    db.session.add(link)
    db.session.flush()
    record("support.invite", link, subject_user_id=participant.id)
    return link


@accounts.on_invitation_accepted
def _link_accepted(invitation: Invitation, user: User) -> None:
    """A support person accepted: the participant's link now names their account."""
    if invitation.role != SUPPORTER_ROLE:
        return
    link = db.session.scalar(
        sa.select(SupportLink).where(
            SupportLink.invitation_id == invitation.id, SupportLink.revoked_at.is_(None)
        )
    )
    if link is not None:
        link.supporter_id = user.id
        link.accepted_at = utcnow()
        db.session.flush()


def choose(link: SupportLink, *, schedule: bool, submission_ids: Iterable[int]) -> SupportLink:
    """Set what the support person sees: the schedule or not, and exactly the homework in
    ``submission_ids`` (ticking a piece shares it; none ticked shares no homework). Only the
    participant's handed-in homework counts.

    Raises ``SupportRefused`` for homework that is not theirs or not handed in.
    """
    wanted = sorted(set(submission_ids))
    if wanted:
        mine = set(
            db.session.scalars(
                sa.select(Submission.id).where(
                    Submission.id.in_(wanted),
                    Submission.user_id == link.participant_id,
                    Submission.status.in_(HANDED_IN),
                )
            )
        )
        if set(wanted) - mine:
            raise SupportRefused(
                _("Only homework you have handed in can be shared."), field="homework_ids"
            )
    link.sees_schedule = schedule
    link.sees_homework = bool(wanted)
    link.shared_submission_ids = wanted
    db.session.flush()
    record("support.settings", link, subject_user_id=link.participant_id)
    return link


def revoke(link: SupportLink) -> None:
    """End the support person's access now: the link, an unused invitation, and every
    session and API token of their account (they sign in again to see anyone else's)."""
    now = utcnow()
    link.revoked_at = now
    if link.invitation_id is not None:
        db.session.execute(
            sa.update(Invitation)
            .where(Invitation.id == link.invitation_id, Invitation.accepted_at.is_(None))
            .values(revoked_at=now)
        )
    if link.supporter is not None:
        link.supporter.end_all_sessions()
        db.session.execute(
            _api_tokens.update()
            .where(_api_tokens.c.user_id == link.supporter.id, _api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    db.session.flush()
    record("support.revoke", link, subject_user_id=link.participant_id)


def record_view(link: SupportLink, what: str, submission_id: int | None = None) -> None:
    """Log a support person's read for the participant, and in the audit log."""
    db.session.add(SupportView(link_id=link.id, what=what, submission_id=submission_id))
    record(f"support.view.{what}", link, subject_user_id=link.participant_id)
    db.session.flush()


def view_log(participant_id: int, limit: int = 100) -> list[SupportView]:
    """What the participant's support people opened, newest first (one statement)."""
    return list(
        db.session.scalars(
            sa.select(SupportView)
            .join(SupportLink, SupportLink.id == SupportView.link_id)
            .where(SupportLink.participant_id == participant_id)
            .order_by(SupportView.viewed_at.desc(), SupportView.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class ScheduledMeeting:
    """A meeting as the support person sees it: when, which group, the topic."""

    starts_at: datetime
    cohort_name: str
    topic: str
    cancelled: bool


def schedule_for(link: SupportLink, now: datetime | None = None) -> list[ScheduledMeeting]:
    """The participant's coming meetings (one statement); nothing unless chosen."""
    if not link.sees_schedule:
        return []
    rows = db.session.execute(
        sa.select(Meeting.starts_at, Cohort.name, Meeting.topic, Meeting.status)
        .join(Cohort, Cohort.id == Meeting.cohort_id)
        .where(
            Meeting.cohort_id.in_(joined_cohort_ids(link.participant_id)),
            Meeting.ends_at > (now or utcnow()),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(SCHEDULE_LENGTH)
    ).all()
    return [
        ScheduledMeeting(s, name, topic, status == "cancelled") for s, name, topic, status in rows
    ]


def shared_homework(link: SupportLink) -> list[Submission]:
    """The handed-in homework the participant chose for them (one statement)."""
    if not link.sees_homework or not link.shared_submission_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Submission)
            .join(Assignment, Assignment.id == Submission.assignment_id)
            .where(
                Submission.id.in_([int(i) for i in link.shared_submission_ids]),
                Submission.user_id == link.participant_id,
                Submission.status.in_(HANDED_IN),
                Assignment.cancelled_at.is_(None),
            )
            .options(sa.orm.contains_eager(Submission.assignment))
            .order_by(Submission.submitted_at, Submission.id)
        )
    )


def open_shared_homework(link: SupportLink, submission_id: int) -> Submission | None:
    """One piece of homework shared through ``link``, its read logged; None when it is
    not (or no longer) shared."""
    found = next((s for s in shared_homework(link) if s.id == submission_id), None)
    if found is not None:
        record_view(link, "homework_item", found.id)
    return found


def handed_in_homework(participant_id: int) -> list[Submission]:
    """The participant's handed-in homework, to choose from (one statement)."""
    return list(
        db.session.scalars(
            sa.select(Submission)
            .join(Assignment, Assignment.id == Submission.assignment_id)
            .where(
                Submission.user_id == participant_id,
                Submission.status.in_(HANDED_IN),
                Assignment.cancelled_at.is_(None),
            )
            .options(sa.orm.contains_eager(Submission.assignment))
            .order_by(Submission.submitted_at, Submission.id)
        )
    )
