"""Access expectations for the programs, cohorts and meetings routes (tests/trust/README.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from groupapp.cohorts import calendar
from groupapp.cohorts import meeting_services as meetings
from groupapp.db import db, utcnow
from groupapp.programs import services as programs
from tests.trust.matrix import PUBLIC, SIGNED_IN, STAFF, Case, allow

MANAGERS = allow("facilitator", "admin")
ORG_STAFF = allow("facilitator", "other_cohort_facilitator", "admin")
MEMBERS_AND_MANAGERS = allow("owner", "same_cohort_participant", "facilitator", "admin")
MEMBERS = allow("owner", "same_cohort_participant")
# Offered or waiting for a place: they answer the offer (join page) or withdraw (leave).
OFFERED = allow("owner", "same_cohort_participant", "invited_participant", "waitlisted_participant")
BUILTIN = "codependency-recovery"


def _cohort(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id}


def _meeting(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A meeting of the owner's cohort next week."""
    soon = (utcnow() + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0)
    meeting = meetings.add_extra(world.cohort, soon, 90, "Boundaries", None)
    db.session.commit()
    return {"meeting_id": meeting.id}


def _cohort_meeting(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id, **_meeting(world)}


def _program(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    template = programs.builtin_template(BUILTIN)
    program = programs.copy_builtin(template, world.facilitator)  # type: ignore[arg-type]
    db.session.commit()
    return {"program_id": program.id}


def _topic(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    values = _program(world)
    from groupapp.programs.models import Program

    program = db.session.get(Program, values["program_id"])
    return {**values, "topic_id": program.topics[1].id}  # type: ignore[union-attr]


def _owner_membership(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    membership = next(m for m in world.cohort.memberships if m.user_id == world.owner.id)
    return {"cohort_id": world.cohort.id, "membership_id": membership.id}


def _removed_membership(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    values = _owner_membership(world)
    membership = next(m for m in world.cohort.memberships if m.user_id == world.owner.id)
    membership.status = "removed"
    db.session.commit()
    return values


def _feed(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    token = calendar.feed_for(world.owner).token
    db.session.commit()
    return {"token": token}


def _form(**fields: Any):  # type: ignore[no-untyped-def]
    return lambda world, values: dict(fields)


def _cohort_form(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "name": "Evening group",
        "capacity": "8",
        "start_date": (utcnow() + timedelta(days=3)).date().isoformat(),
        "weekdays": "1",
        "start_time": "18:00",
        "duration_minutes": "90",
        "timezone": "America/New_York",
        "weeks": "8",
        "interval_weeks": "1",
        "status": "active",
        "absence_threshold": "2",
        "lead": str(world.facilitator.id),
    }


_SCHEDULE = {"on": "2031-05-06", "at": "18:30", "duration_minutes": "60"}

ACCESS = {
    # Programs: staff of the organisation that owns the program.
    "programs.index": Case(get=STAFF),
    "programs.builtin": Case(values=lambda w: {"slug": BUILTIN}, get=STAFF),
    "programs.copy_builtin": Case(values=lambda w: {"slug": BUILTIN}, post=STAFF),
    "programs.detail": Case(values=_program, get=ORG_STAFF),
    "programs.edit": Case(
        values=_program,
        get=ORG_STAFF,
        post=ORG_STAFF,
        data=_form(
            name="Our boundaries course", modality="custom", weeks="6", meeting_minutes="90"
        ),
    ),
    "programs.duplicate": Case(values=_program, post=ORG_STAFF),
    "programs.archive": Case(values=_program, post=ORG_STAFF),
    "programs.edit_topic": Case(
        values=_topic, get=ORG_STAFF, post=ORG_STAFF, data=_form(title="Saying no")
    ),
    "programs.move_topic": Case(values=_topic, post=ORG_STAFF, data=_form(direction="up")),
    "programs.delete_topic": Case(values=_topic, post=ORG_STAFF),
    # Cohorts: the cohort's facilitators and the organisation's admins manage it.
    "cohorts.index": Case(get=STAFF),
    "cohorts.create": Case(
        values=lambda w: {"builtin": BUILTIN}, get=STAFF, post=STAFF, data=_cohort_form
    ),
    "cohorts.detail": Case(values=_cohort, get=MANAGERS),
    "cohorts.edit": Case(values=_cohort, get=MANAGERS, post=MANAGERS, data=_cohort_form),
    "cohorts.invite": Case(
        values=_cohort, get=MANAGERS, post=MANAGERS, data=_form(email="newcomer@example.com")
    ),
    "cohorts.agreement": Case(
        values=_cohort, get=MANAGERS, post=MANAGERS, data=_form(text="We listen. We keep it here.")
    ),
    "cohorts.remove_member": Case(values=_owner_membership, post=MANAGERS),
    "cohorts.readd_member": Case(values=_removed_membership, post=MANAGERS),
    # Each member sees and answers only their own place.
    "cohorts.join": Case(
        values=_cohort, get=OFFERED, post=OFFERED, data=_form(version="1", decision="accept")
    ),
    "cohorts.leave": Case(values=_cohort, post=OFFERED),
    "cohorts.member": Case(values=_owner_membership, get=MANAGERS),
    # A copy is previewed first; the table's POST previews (nothing is created).
    "cohorts.copy": Case(
        values=_cohort,
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world, values: {"name": "Next term", "start_date": "2027-01-04"},
    ),
    # Registers and rosters: the cohort's staff only, every read audited.
    "cohorts.register": Case(values=_cohort, get=MANAGERS, audit={"GET": "cohort.register.read"}),
    "cohorts.register_download": Case(
        values=_cohort, get=MANAGERS, audit={"GET": "cohort.register.export"}
    ),
    "cohorts.register_pdf_download": Case(
        values=_cohort, get=MANAGERS, audit={"GET": "cohort.register.export"}
    ),
    "cohorts.roster_page": Case(values=_cohort, get=MANAGERS, audit={"GET": "cohort.roster.read"}),
    "cohorts.roster_download": Case(
        values=_cohort, get=MANAGERS, audit={"GET": "cohort.roster.export"}
    ),
    "cohorts.roster_pdf_download": Case(
        values=_cohort, get=MANAGERS, audit={"GET": "cohort.roster.export"}
    ),
    "cohorts.sign_in_sheet": Case(
        values=_cohort_meeting, get=MANAGERS, audit={"GET": "cohort.sign_in_sheet.read"}
    ),
    "cohorts.sign_in_pdf_download": Case(
        values=_cohort_meeting, get=MANAGERS, audit={"GET": "cohort.sign_in_sheet.export"}
    ),
    # Meetings: members see the schedule; only managers change it or see notes and rosters.
    "meetings.detail": Case(values=_meeting, get=MEMBERS_AND_MANAGERS),
    "meetings.ics": Case(values=_meeting, get=MEMBERS_AND_MANAGERS),
    "meetings.edit_topic": Case(
        values=_meeting, get=MANAGERS, post=MANAGERS, data=_form(topic="Saying no")
    ),
    "meetings.notes": Case(
        values=_meeting, get=MANAGERS, post=MANAGERS, data=_form(notes="Quiet week.")
    ),
    "meetings.reschedule": Case(
        values=_meeting, get=MANAGERS, post=MANAGERS, data=_form(**_SCHEDULE)
    ),
    "meetings.cancel": Case(
        values=_meeting, get=MANAGERS, post=MANAGERS, data=_form(reason="Room unavailable")
    ),
    "meetings.roster": Case(
        values=_meeting,
        get=MANAGERS,
        post=MANAGERS,
        data=lambda w, v: {f"status-{w.owner.id}": "present"},
    ),
    "meetings.apology": Case(values=_meeting, post=MEMBERS, data=_form(comment="Away")),
    "meetings.add_extra": Case(
        values=_cohort, get=MANAGERS, post=MANAGERS, data=_form(topic="Extra", **_SCHEDULE)
    ),
    "meetings.extend": Case(values=_cohort, get=MANAGERS, post=MANAGERS, data=_form(weeks="1")),
    "meetings.my_meetings": Case(get=SIGNED_IN),
    "meetings.calendar_settings": Case(get=SIGNED_IN),
    "meetings.reset_feed": Case(post=SIGNED_IN),
    # The secret token is the credential: calendar apps fetch the feed without a session.
    "meetings.feed": Case(values=_feed, get=PUBLIC),
}
