"""Cohort operations: create from a program, facilitators, enrolment, waitlist, agreement.

They flush, never commit: the view commits once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa
from flask_babel import gettext as _

from groupapp.accounts import services as accounts
from groupapp.accounts.models import ConsentRecord, Invitation, User
from groupapp.audit.services import record
from groupapp.cohorts import agreement as agreement_texts
from groupapp.cohorts import meeting_services as meetings
from groupapp.cohorts.agreement import DEFAULT_AGREEMENT
from groupapp.cohorts.membership_state import (
    JOINED_STATUS,
    OPEN_STATUSES,
    is_erased,
    membership_state,
)
from groupapp.cohorts.models import Cohort, CohortAgreement, CohortFacilitator, Membership
from groupapp.core import outbox
from groupapp.core.actions import Refusal
from groupapp.core.rows import get_or_create
from groupapp.core.timezones import to_local
from groupapp.db import db, utcnow
from groupapp.meetings.models import AbsenceFlag
from groupapp.programs.models import Program

SEATED = (JOINED_STATUS,)


class EnrolmentError(Refusal):
    """An enrolment step that is not possible; the message is shown to the user."""


@dataclass(frozen=True)
class CohortSettings:
    """Everything a facilitator chooses when creating or editing a cohort."""

    name: str
    description: str
    capacity: int
    start_date: date
    weekdays: tuple[int, ...]
    start_time: time
    duration_minutes: int
    timezone: str
    weeks: int
    interval_weeks: int
    location: str
    video_url: str
    status: str
    absence_threshold: int
    lead_id: int
    co_facilitator_ids: tuple[int, ...] = ()


def video_link_problem(url: str) -> str | None:
    """Why a cohort's video link cannot be used, or None when it can (or is empty)."""
    if url and not url.startswith("https://"):
        return _("Use an https:// link.")
    return None


def settings_of(cohort: Cohort) -> CohortSettings:
    """The cohort's current settings, to change a few of them with ``dataclasses.replace``."""
    lead = next((link.user_id for link in cohort.facilitator_links if link.is_lead), None)
    return CohortSettings(
        name=cohort.name,
        description=cohort.description,
        capacity=cohort.capacity,
        start_date=cohort.start_date,  # type: ignore[arg-type]
        weekdays=meetings.weekdays_of(cohort),
        start_time=cohort.start_time,
        duration_minutes=cohort.duration_minutes,
        timezone=cohort.timezone,
        weeks=cohort.weeks,
        interval_weeks=cohort.interval_weeks,
        location=cohort.location,
        video_url=cohort.video_url,
        status=cohort.status,
        absence_threshold=cohort.absence_threshold,
        lead_id=lead or 0,
        co_facilitator_ids=tuple(
            link.user_id for link in cohort.facilitator_links if not link.is_lead
        ),
    )


def cohort_today(cohort: Cohort) -> date:
    """Today's date on the cohort's own calendar (join and exit dates use it)."""
    return zone_today(cohort.timezone)


def zone_today(zone: str) -> date:
    """Today's date on ``zone``'s calendar (a cohort's, given as its zone)."""
    return to_local(utcnow(), zone).date()


def _staff(organisation_id: int, user_ids: Sequence[int]) -> dict[int, User]:
    people = db.session.scalars(
        sa.select(User).where(
            User.id.in_(user_ids),
            User.organisation_id == organisation_id,
            User.role.in_(("admin", "facilitator")),
            User.active.is_(True),
        )
    )
    return {person.id: person for person in people}


def set_facilitators(cohort: Cohort, lead_id: int, co_ids: Sequence[int]) -> None:
    """Replace the cohort's lead and co-facilitators (staff of its organisation only)."""
    wanted = [lead_id, *[i for i in co_ids if i != lead_id]]
    staff = _staff(cohort.organisation_id, wanted)
    if lead_id not in staff:
        raise EnrolmentError(_("The lead facilitator must be a facilitator of this organisation."))
    cohort.facilitator_links = [
        CohortFacilitator(user_id=user_id, is_lead=user_id == lead_id)
        for user_id in wanted
        if user_id in staff
    ]


def _apply(cohort: Cohort, settings: CohortSettings) -> None:
    cohort.name = settings.name.strip()
    cohort.description = settings.description.strip()
    cohort.capacity = settings.capacity
    cohort.status = settings.status
    cohort.location = settings.location.strip()
    cohort.video_url = settings.video_url.strip()
    cohort.absence_threshold = settings.absence_threshold


def create_cohort(program: Program, settings: CohortSettings, actor: User) -> Cohort:
    """Create a cohort following ``program`` and generate its meetings."""
    cohort = Cohort(
        organisation_id=program.organisation_id,
        program=program,
        created_by_id=actor.id,
        timezone=settings.timezone,
        start_date=settings.start_date,
        weekdays=",".join(str(day) for day in sorted(settings.weekdays)),
        start_time=settings.start_time,
        duration_minutes=settings.duration_minutes,
        weeks=settings.weeks,
        interval_weeks=settings.interval_weeks,
    )
    _apply(cohort, settings)
    db.session.add(cohort)
    set_facilitators(cohort, settings.lead_id, settings.co_facilitator_ids)
    cohort.agreements = [
        CohortAgreement(
            version=1,
            text=DEFAULT_AGREEMENT,
            translations=agreement_texts.default_translations(),
            created_by_id=actor.id,
        )
    ]
    db.session.flush()
    meetings.create_series(cohort, [topic.title for topic in program.topics])
    return cohort


def update_cohort(cohort: Cohort, settings: CohortSettings) -> list[Membership]:
    """Change a cohort's details; a larger capacity promotes people from the waitlist.

    The meeting series is not regenerated: individual meetings are rescheduled,
    added or extended on purpose, so nobody's calendar shifts by surprise.
    """
    _apply(cohort, settings)
    set_facilitators(cohort, settings.lead_id, settings.co_facilitator_ids)
    db.session.flush()
    return promote_waitlist(cohort)


# --- enrolment ------------------------------------------------------------------------


def membership_of(cohort: Cohort, user_id: int) -> Membership | None:
    """The user's membership row in the cohort, whatever its status."""
    return next((m for m in cohort.memberships if m.user_id == user_id), None)


def seated_count(cohort: Cohort) -> int:
    """How many places are taken."""
    return sum(1 for m in cohort.memberships if m.status in SEATED)


def has_room(cohort: Cohort) -> bool:
    """True while the cohort is below capacity."""
    return seated_count(cohort) < cohort.capacity


def _lock_places(cohort: Cohort) -> None:
    """Serialise seat changes of one cohort, then re-read its memberships.

    On PostgreSQL two people accepting the last place at once queue on the
    cohort row, so the second sees the first seated and is waitlisted. (SQLite
    already serialises writers; the lock clause is ignored there.)
    """
    db.session.flush()
    db.session.execute(sa.select(Cohort.id).where(Cohort.id == cohort.id).with_for_update())
    db.session.expire(cohort, ["memberships"])


def _erased() -> str:
    """Why an erased person's place cannot come back, in the reader's language."""
    return _("This person's data was erased at their request; their place cannot be restored.")


def invite(cohort: Cohort, email: str, actor: User, locale: str | None = None) -> Invitation:
    """Invite someone by email to join the cohort as a participant, in language ``locale``
    (see ``accounts.invite``).

    A new person gets an invitation to create their account; someone who
    already has one gets a link that adds the cohort to it. An address that
    belongs to another organisation is answered exactly like an unknown one
    (the person at the address is told by email why the link cannot be used),
    so inviting reveals nothing about other organisations' people.
    """
    existing = accounts.find_user_by_email(email)
    same_organisation = existing is not None and existing.organisation_id == cohort.organisation_id
    ours = existing if same_organisation else None
    if ours is not None:
        if is_erased(ours):
            raise EnrolmentError(_erased())
        if ours.role != "participant":
            raise EnrolmentError(_("Staff join a cohort as facilitators, not by invitation."))
        current = membership_of(cohort, ours.id)
        if current is not None and current.status in (JOINED_STATUS, "waitlisted"):
            raise EnrolmentError(_("%(name)s is already in this cohort.", name=ours.display_name))
    invitation = accounts.invite(
        cohort.organisation, email, "participant", actor, cohort_id=cohort.id, locale=locale
    )
    record("cohort.invite", cohort, subject_user_id=ours.id if ours else None)
    return invitation


@accounts.on_invitation_accepted
def attach_invited_member(invitation: Invitation, user: User) -> None:
    """When a cohort invitation is accepted, the person is offered a place.

    The membership stays "invited" until they read and accept the group
    agreement (or decline) on the cohort's join page.
    """
    if invitation.cohort_id is None:
        return
    cohort = db.session.get(Cohort, invitation.cohort_id)
    if cohort is None:
        return
    membership = membership_of(cohort, user.id)
    if membership is None:
        membership = Membership(cohort=cohort, user_id=user.id, status="invited")
        db.session.add(membership)
    elif membership_state(membership) == "left":
        membership.status = "invited"
    db.session.flush()


def current_agreement(cohort: Cohort) -> CohortAgreement:
    """The newest version of the cohort's group agreement.

    A cohort made without one (imported, or created outside ``create_cohort``)
    gets version 1 from the default text the first time it is asked for.
    """
    if not cohort.agreements:
        get_or_create(
            CohortAgreement,
            {"cohort_id": cohort.id, "version": 1},
            {"text": DEFAULT_AGREEMENT, "translations": agreement_texts.default_translations()},
        )
        db.session.expire(cohort, ["agreements"])
    return max(cohort.agreements, key=lambda a: a.version)


def update_agreement(
    cohort: Cohort, text: str, actor: User, spanish: str | None = None
) -> CohortAgreement:
    """Save a new version of the agreement; earlier acceptances keep their version.

    ``spanish`` is the Spanish version as typed ("" clears it, so Spanish readers read
    the English); None keeps the current version's Spanish as it is.
    """
    previous = current_agreement(cohort)
    version = previous.version + 1
    english = agreement_texts.agreement_words(text)
    agreement = CohortAgreement(
        version=version,
        text=english,
        translations=agreement_texts.next_translations(
            previous, english, {agreement_texts.SPANISH: spanish}, version
        ),
        created_by_id=actor.id,
    )
    cohort.agreements.append(agreement)
    db.session.flush()
    return agreement


def accepted_version(cohort: Cohort, user_id: int) -> int | None:
    """The newest agreement version the user accepted for this cohort, if any."""
    return db.session.scalar(
        sa.select(sa.func.max(ConsentRecord.version)).where(
            ConsentRecord.user_id == user_id,
            ConsentRecord.document == "group_agreement",
            ConsentRecord.document_ref == cohort.id,
        )
    )


def accept_place(membership: Membership, version: int, language: str | None = None) -> Membership:
    """The participant accepts the agreement (version they read) and takes a place.

    ``language`` is the language the agreement was shown for; the consent record keeps
    the language actually read (English when the version has no text in ``language``).
    When the cohort is full they join the waitlist instead, in arrival order.
    """
    cohort = membership.cohort
    if membership.status not in ("invited", "active", "waitlisted"):
        raise EnrolmentError(_("This invitation is no longer open."))
    current = current_agreement(cohort)
    if version != current.version:
        raise EnrolmentError(
            _("The agreement changed while you were reading it; please read it again.")
        )
    # Once per version, even when the form is sent twice at once.
    get_or_create(
        ConsentRecord,
        {
            "user_id": membership.user_id,
            "document": "group_agreement",
            "document_ref": cohort.id,
            "version": version,
        },
        {"language": agreement_texts.read_language(current, language)},
    )
    if membership.status == "invited":
        _seat_or_queue(membership)
    db.session.flush()
    return membership


MemberHook = Callable[[Membership], None]
_activation_hooks: list[MemberHook] = []


def on_member_activated(hook: MemberHook) -> MemberHook:
    """Let a later domain act when someone takes a place (homework for later joiners)."""
    _activation_hooks.append(hook)
    return hook


def _activate(membership: Membership) -> None:
    membership.status = "active"
    membership.joined_on = cohort_today(membership.cohort)
    membership.exited_on = None
    membership.waitlisted_at = None
    db.session.flush()
    for hook in _activation_hooks:
        hook(membership)


def _seat_or_queue(membership: Membership) -> None:
    cohort = membership.cohort
    _lock_places(cohort)
    if has_room(cohort):
        _activate(membership)
    else:
        membership.status = "waitlisted"
        membership.waitlisted_at = utcnow()


def decline(membership: Membership) -> None:
    """The participant turns the place down."""
    if membership.status != "invited":
        raise EnrolmentError(_("Only an open invitation can be declined."))
    membership.status = "declined"
    db.session.flush()


def leave(membership: Membership) -> list[Membership]:
    """The participant leaves the cohort themselves (exit date recorded)."""
    return remove(membership, membership.user, by_member=True)


def remove(membership: Membership, actor: User, *, by_member: bool = False) -> list[Membership]:
    """Take someone out of the cohort (or let them leave); the next in line moves up."""
    if membership.status not in OPEN_STATUSES:
        raise EnrolmentError(_("This person is not in the cohort."))
    was_seated = membership.status in SEATED
    membership.status = "exited" if by_member else "removed"
    membership.exited_on = cohort_today(membership.cohort)
    membership.waitlisted_at = None
    # Nobody should be alerted about absences of someone who is no longer a member.
    db.session.execute(
        sa.update(AbsenceFlag)
        .where(
            AbsenceFlag.cohort_id == membership.cohort_id,
            AbsenceFlag.user_id == membership.user_id,
            AbsenceFlag.cleared_at.is_(None),
        )
        .values(cleared_at=utcnow())
    )
    record("cohort.member.remove", membership, subject_user_id=membership.user_id)
    db.session.flush()
    return promote_waitlist(membership.cohort) if was_seated else []


def readd(membership: Membership, actor: User) -> Membership:
    """Bring back someone who was removed, left or declined (waitlisted if full).

    Someone who never held a place nor accepted the group agreement is offered the
    place again ("invited") rather than seated, so a joined member has accepted it.
    An erased person is never brought back.
    """
    state = membership_state(membership)
    if state == "erased":
        raise EnrolmentError(_erased())
    if state != "left":
        raise EnrolmentError(_("This person is already in the cohort."))
    never_agreed = membership.joined_on is None and (
        accepted_version(membership.cohort, membership.user_id) is None
    )
    if never_agreed:
        membership.status = "invited"
        membership.exited_on = None
    else:
        _seat_or_queue(membership)
    record("cohort.member.readd", membership, subject_user_id=membership.user_id)
    db.session.flush()
    return membership


def waitlist(cohort: Cohort) -> list[Membership]:
    """Waitlisted members in the order they arrived."""
    queued = [m for m in cohort.memberships if m.status == "waitlisted"]
    return sorted(queued, key=lambda m: (m.waitlisted_at or utcnow(), m.id))


def promote_waitlist(cohort: Cohort) -> list[Membership]:
    """Fill free places from the waitlist in arrival order and tell those promoted."""
    _lock_places(cohort)
    promoted = []
    for membership in waitlist(cohort):
        if not has_room(cohort):
            break
        _activate(membership)
        promoted.append(membership)
        outbox.enqueue(
            "cohort_place_offered",
            membership.user,
            f"cohort_place_offered:{membership.id}:{membership.joined_on}",
            {"membership_id": membership.id},
        )
    return promoted
