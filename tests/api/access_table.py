"""Access expectations for the JSON API (tests/trust/README.md).

API routes are called with each actor's API token (``bearer=True``): the matrix's cookie
sessions would prove nothing here, because cookies never authorise the API
(tests/api/test_tokens.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from groupapp.accounts import services as accounts
from groupapp.api import tokens
from groupapp.cohorts import meeting_services as meetings
from groupapp.db import db, utcnow
from groupapp.programs import services as programs
from tests.api.conftest import utc_at
from tests.api.test_homework_translations import own_spanish
from tests.assessments.access_table import alert_values
from tests.homework.access_table import (
    COHORT,
    OWNER_AND_MANAGERS,
    _assignment,
    _handed_in,
    _org_template,
    _submission,
)
from tests.support.factories import Factories
from tests.trust.matrix import (
    HIDDEN,
    PUBLIC,
    SIGNED_IN,
    STAFF,
    UNAVAILABLE_IN_BODY,
    Case,
    allow,
    everyone,
    spell_denials,
)

MANAGERS = allow("facilitator", "admin")
ORG_STAFF = allow("facilitator", "other_cohort_facilitator", "admin")
WITH_SUPPORT_PERSON = {**SIGNED_IN, **allow("support_person")}
MEMBERS_AND_MANAGERS = allow("owner", "same_cohort_participant", "facilitator", "admin")


def _cohort(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id}


def _program(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    template = programs.builtin_template("codependency-recovery")
    program = programs.copy_builtin(template, world.facilitator)  # type: ignore[arg-type]
    db.session.commit()
    return {"program_id": program.id}


def _programmed_cohort(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The owner's cohort following a program (a copy follows the same one)."""
    world.cohort.program_id = _program(world)["program_id"]
    db.session.commit()
    return _cohort(world)


def _meeting(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A meeting of the owner's cohort yesterday (so attendance can be taken)."""
    day = utcnow() - timedelta(days=1)
    meeting = meetings.add_extra(world.cohort, utc_at(day, 9), 60, "Boundaries", None)
    db.session.commit()
    return {"meeting_id": meeting.id}


def _owners_token(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    issued = tokens.issue(world.owner, "phone")
    db.session.commit()
    return {"token_id": issued.row.id}


def _new_cohort(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "program_id": _program(world)["program_id"],
        "name": "Evening group",
        "start_date": (utcnow() + timedelta(days=3)).date().isoformat(),
        "weekdays": [1],
        "local_time": "18:00",
        "duration_minutes": 90,
        "timezone": "America/New_York",
    }


def _json(body: Any):  # type: ignore[no-untyped-def]
    return lambda world, values: body


def _sign_in(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"email": world.owner.email, "password": Factories.PASSWORD}


def _marks(world, values) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return [{"user_id": world.owner.id, "status": "present"}]


def _extra_meeting(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    day = (utcnow() + timedelta(days=10)).date()
    return {"local_start": f"{day}T18:00", "topic": "Extra"}


def _template_and_due(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from tests.homework.access_table import _org_template

    return {"template_id": _org_template(world)["template_id"], "due_at": "2031-05-01T17:00Z"}


def _phq9_id(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from tests.assessments.access_table import _phq9

    instrument = _phq9(world)
    db.session.commit()
    return {"instrument_id": instrument.id, "every_weeks": 2}


def _instrument_file(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from tests.assessments.instrument_data import MINIMAL

    return MINIMAL


def _checkin(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The cohort's baseline check-in, open for the owner and the other member alike: the
    id names an occurrence, and each member who calls it answers their own."""
    from tests.assessments.access_table import checkin_values

    values = checkin_values(world)
    owner = next(m for m in world.cohort.memberships if m.user_id == world.owner.id)
    other = next(
        m for m in world.cohort.memberships if m.user_id == world.same_cohort_participant.id
    )
    other.joined_on = owner.joined_on
    db.session.commit()
    return {"checkin_id": f"{values['schedule_id']}.{values['key']}"}


def _phq9_answers(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"answers": {f"q{n}": 0 for n in range(1, 10)}}


def _owners_response(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from tests.assessments.access_table import response_values

    return response_values(world)


def _owner(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"participant_id": world.owner.id}


ACCESS = {
    "api_registers.nudge_assignment": Case(bearer=True, values=_assignment, post=MANAGERS),
    "api_registers.nudge_checkin_members": Case(bearer=True, values=_checkin, post=MANAGERS),
    "api_registers.register_download": Case(
        bearer=True, values=_cohort, get=MANAGERS, audit={"GET": "cohort.register.export"}
    ),
    "api_registers.roster_entries": Case(
        bearer=True, values=_cohort, get=MANAGERS, audit={"GET": "cohort.roster.read"}
    ),
    "api_registers.roster_pdf_download": Case(
        bearer=True, values=_cohort, get=MANAGERS, audit={"GET": "cohort.roster.export"}
    ),
    "api_registers.preview_copy": Case(
        bearer=True,
        values=_programmed_cohort,
        post=MANAGERS,
        data=_json({"name": "Next term", "start_date": "2031-01-06"}),
    ),
    "api_registers.copy": Case(
        bearer=True,
        values=_programmed_cohort,
        post=MANAGERS,
        data=_json({"name": "Next term", "start_date": "2031-01-06"}),
        audit={"POST": "cohort.copy"},
    ),
    "api_homework.get_submission": Case(
        bearer=True,
        values=_handed_in,
        get=OWNER_AND_MANAGERS,
        audit={"GET": "homework.submission.view"},
    ),
    "api_assessments.my_checkins": Case(bearer=True, get=SIGNED_IN),
    "api_homework.list_templates": Case(bearer=True, get=STAFF),
    "api_homework.put_template_translations": Case(
        bearer=True,
        values=_org_template,
        put=ORG_STAFF,
        data=lambda world, values: {"es": own_spanish()},
        audit={"PUT": "homework.template.update"},
    ),
    "api_homework.get_assignment": Case(bearer=True, values=_assignment, get=COHORT),
    "api_homework.my_submissions": Case(bearer=True, get=SIGNED_IN),
    "api-docs.openapi_json": Case(get=PUBLIC),
    "api_pages.reference": Case(get=PUBLIC),
    "api_pages.token_list": Case(get=SIGNED_IN),
    "api_pages.revoke_token": Case(values=_owners_token, post=allow("owner")),
    "api_auth.create_token": Case(bearer=True, post=everyone("ok"), data=_sign_in),
    # A support person signs in and out of the API like anyone (their calls are theirs).
    "api_auth.revoke_current_token": Case(bearer=True, delete=WITH_SUPPORT_PERSON),
    "api_auth.me": Case(bearer=True, get=WITH_SUPPORT_PERSON),
    "api_programs.list_programs": Case(bearer=True, get=STAFF),
    "api_programs.get_program": Case(bearer=True, values=_program, get=ORG_STAFF),
    "api_cohorts.list_cohorts": Case(bearer=True, get=SIGNED_IN),
    "api_cohorts.create_cohort": Case(bearer=True, post=ORG_STAFF, data=_new_cohort),
    "api_cohorts.get_cohort": Case(bearer=True, values=_cohort, get=MEMBERS_AND_MANAGERS),
    "api_cohorts.update_cohort": Case(
        bearer=True, values=_cohort, patch=MANAGERS, data=_json({"name": "Renamed"})
    ),
    "api_cohorts.list_members": Case(bearer=True, values=_cohort, get=MANAGERS),
    "api_cohorts.invite_member": Case(
        bearer=True,
        values=_cohort,
        post=MANAGERS,
        data=_json({"email": "new.person@example.org"}),
        audit={"POST": "cohort.invite"},
    ),
    "api_meetings.list_meetings": Case(bearer=True, values=_cohort, get=MEMBERS_AND_MANAGERS),
    "api_meetings.add_meeting": Case(
        bearer=True, values=_cohort, post=MANAGERS, data=_extra_meeting
    ),
    "api_meetings.get_meeting": Case(bearer=True, values=_meeting, get=MEMBERS_AND_MANAGERS),
    "api_meetings.update_meeting": Case(
        bearer=True, values=_meeting, patch=MANAGERS, data=_json({"topic": "Saying no"})
    ),
    "api_meetings.put_attendance": Case(
        bearer=True,
        values=_meeting,
        put=MANAGERS,
        data=_marks,
        audit={"PUT": "attendance.update"},
    ),
    "api_submissions.create_assignment": Case(
        bearer=True,
        values=_cohort,
        post=MANAGERS,
        data=_template_and_due,
        audit={"POST": "homework.assign"},
    ),
    "api_submissions.write_submission": Case(
        bearer=True,
        values=_submission,
        put=allow("owner"),
        data=_json({"answers": {"situation": "typing"}}),
        audit={"PUT": "homework.submission.draft"},
    ),
    "api_submissions.give_feedback": Case(
        bearer=True,
        values=_handed_in,
        post=MANAGERS,
        data=_json({"comment": "Thank you", "action": "reviewed"}),
        audit={"POST": "homework.feedback.reviewed"},
    ),
    "api_instruments.list_instruments": Case(bearer=True, get=STAFF),
    "api_instruments.import_instrument": Case(
        bearer=True, post=allow("admin", "other_org_admin"), data=_instrument_file
    ),
    "api_instruments.create_schedule": Case(
        bearer=True,
        values=_cohort,
        post=MANAGERS,
        data=_phq9_id,
        audit={"POST": "assessment.schedule.save"},
    ),
    "api_scores.answer": Case(
        bearer=True,
        values=_checkin,
        post=allow("owner", "same_cohort_participant"),
        data=_phq9_answers,
        audit={"POST": "assessment.response.submit"},
    ),
    "api_scores.get_response": Case(
        bearer=True,
        values=_owners_response,
        get=OWNER_AND_MANAGERS,
        audit={"GET": "assessment.response.read"},
    ),
    "api_scores.get_response_fhir": Case(
        bearer=True,
        values=_owners_response,
        get=OWNER_AND_MANAGERS,
        audit={"GET": "assessment.export.fhir"},
    ),
    "api_scores.participant_scores": Case(
        bearer=True,
        values=_owner,
        get=OWNER_AND_MANAGERS,
        audit={"GET": "assessment.progress.read"},
    ),
}

# Risk alerts and exports (builders shared with the staff pages' table).
ACCESS |= {
    "api_alerts.list_alerts": Case(
        bearer=True, get=STAFF, audit={"GET": "assessment.risk_alerts.read"}
    ),
    "api_alerts.acknowledge_alert": Case(
        bearer=True,
        values=alert_values,
        post=MANAGERS,
        data=_json({"note": "Called them; safe tonight."}),
        audit={"POST": "assessment.risk_alert.acknowledge"},
    ),
    "api_exports.export_csv": Case(
        bearer=True, values=_cohort, get=MANAGERS, audit={"GET": "assessment.export.csv"}
    ),
}


def _owners_thread(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from tests.messaging.support import open_thread

    return {"thread_id": open_thread(world.cohort, world.owner).id}


def _new_thread(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    # Staff name the member; participants write to their own cohort's facilitators.
    return {
        "cohort_id": world.cohort.id,
        "participant_id": world.owner.id,
        "subject": "Next week",
        "body": "Can we talk before the meeting?",
    }


# Private threads: the owner and cohort A's staff only; never another participant,
# never staff of another cohort (404).
THREAD_PEOPLE = allow("owner", "facilitator", "admin")
ACCESS.update(
    {
        "api_messages.list_announcements": Case(
            bearer=True, values=_cohort, get=MEMBERS_AND_MANAGERS
        ),
        "api_messages.post_announcement": Case(
            bearer=True,
            values=_cohort,
            post=MANAGERS,
            data=_json({"subject": "Snow day", "body": "No meeting on Tuesday."}),
        ),
        "api_messages.list_threads": Case(bearer=True, get=SIGNED_IN),
        "api_messages.open_thread": Case(bearer=True, post=MEMBERS_AND_MANAGERS, data=_new_thread),
        "api_messages.get_thread": Case(
            bearer=True,
            values=_owners_thread,
            get=THREAD_PEOPLE,
        ),
        "api_messages.post_message": Case(
            bearer=True,
            values=_owners_thread,
            post=THREAD_PEOPLE,
            data=_json({"body": "Thank you."}),
        ),
        "api_messages.close_thread": Case(bearer=True, values=_owners_thread, post=MANAGERS),
    }
)


def _invitation_link(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The token of a facilitator invitation to an address without an account."""
    email = f"new.staff.{world.org.id}@example.org"  # worlds share the database
    invitation = accounts.invite(world.org, email, "facilitator", world.admin)
    db.session.commit()
    return {"token": accounts.invitation_token(invitation)}


# Invitations (accepting one needs no token: a new person has none yet).
ACCESS |= {
    "api_invitations.create_invitation": Case(
        bearer=True, post=STAFF, data=_json({"email": "new@example.org", "role": "participant"})
    ),
    "api_invitations.accept_invitation": Case(
        bearer=True,
        values=_invitation_link,
        post=everyone("ok"),
        data=_json(
            {"name": "Kim", "password": "violet kettles hum at dusk", "timezone": "Europe/Lisbon"}
        ),
    ),
}


# Every denial of an API call, spelled out: 403 where the caller may see the object (or the
# kind of list) but not do this; 404 wherever they may not know the object exists. Lists
# and actions that are for staff only answer every participant 403 (no object is named);
# a cohort's own members get 403 for its staff actions, everyone else 404.
_ALL_PARTICIPANTS = (
    "owner",
    "same_cohort_participant",
    "other_cohort_participant",
    "other_org_participant",
    "invited_participant",
    "waitlisted_participant",
    "removed_participant",
)
_COHORT_MEMBERS = ("owner", "same_cohort_participant")
_STAFF_ONLY = {
    ("api_alerts.list_alerts", "get"),
    ("api_cohorts.create_cohort", "post"),
    ("api_exports.export_csv", "get"),
    ("api_homework.list_templates", "get"),
    ("api_instruments.list_instruments", "get"),
    ("api_invitations.create_invitation", "post"),
    ("api_programs.list_programs", "get"),
    ("api_registers.nudge_checkin_members", "post"),
}
_MEMBERS_SEE = {
    ("api_cohorts.invite_member", "post"),
    ("api_cohorts.list_members", "get"),
    ("api_cohorts.update_cohort", "patch"),
    ("api_instruments.create_schedule", "post"),
    ("api_meetings.add_meeting", "post"),
    ("api_meetings.put_attendance", "put"),
    ("api_meetings.update_meeting", "patch"),
    ("api_messages.post_announcement", "post"),
    ("api_registers.copy", "post"),
    ("api_registers.nudge_assignment", "post"),
    ("api_registers.preview_copy", "post"),
    ("api_registers.register_download", "get"),
    ("api_registers.roster_entries", "get"),
    ("api_registers.roster_pdf_download", "get"),
    ("api_submissions.create_assignment", "post"),
}
FORBIDDEN_TO: dict[tuple[str, str], tuple[str, ...]] = {
    **dict.fromkeys(_STAFF_ONLY, _ALL_PARTICIPANTS),
    **dict.fromkeys(_MEMBERS_SEE, _COHORT_MEMBERS),
    # Importing a questionnaire is for admins; everyone else in an organisation sees the list.
    ("api_instruments.import_instrument", "post"): (
        *_ALL_PARTICIPANTS,
        "facilitator",
        "other_cohort_facilitator",
        "other_org_facilitator",
    ),
    # The thread's participant reads it but does not close it; the author of a submission
    # reads the feedback but does not give it; staff read a submission, never write it.
    ("api_messages.close_thread", "post"): ("owner",),
    ("api_submissions.give_feedback", "post"): ("owner",),
    ("api_submissions.write_submission", "put"): ("facilitator", "admin"),
}


def _forbidden_for(endpoint: str) -> dict[str, tuple[str, ...]]:
    return {method: who for (name, method), who in FORBIDDEN_TO.items() if name == endpoint}


ACCESS = {
    endpoint: spell_denials(case, _forbidden_for(endpoint)) for endpoint, case in ACCESS.items()
}
# Routes whose object is named in the body, not in the path (a new cohort's program, a new
# thread's cohort): an actor who may not see it gets the 422 that names the field, the same
# answer as for an object that does not exist, so the body tells them nothing. A support
# person meets the supporter gate first: 404 outside their own pages.
for _endpoint in ("api_cohorts.create_cohort", "api_messages.open_thread"):
    _case = ACCESS[_endpoint]
    ACCESS[_endpoint] = replace(
        _case,
        post={
            actor: UNAVAILABLE_IN_BODY
            if outcome == HIDDEN and actor != "support_person"
            else outcome
            for actor, outcome in (_case.post or {}).items()
        },
    )
