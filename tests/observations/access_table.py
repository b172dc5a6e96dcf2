"""Access expectations for the after-meeting routes (tests/trust/README.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from groupapp.cohorts import meeting_services as meetings
from groupapp.db import db, utcnow
from tests.trust.matrix import Case, allow

# The cohort's facilitators and the organisation's admins: the meeting notes rule.
MANAGERS = allow("facilitator", "admin")


def _met(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A meeting of the owner's cohort that ended yesterday."""
    past = (utcnow() - timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = meetings.add_extra(world.cohort, past, 90, "Boundaries", None)
    db.session.commit()
    return {"meeting_id": meeting.id}


def _met_and_noted(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """As ``_met``, with a note and rating about the owner already recorded."""
    from werkzeug.datastructures import MultiDict

    from groupapp.meetings.models import Meeting
    from groupapp.observations.services import load_sheet, save_sheet
    from groupapp.observations.sheet import read_form

    values = _met(world)
    sheet = load_sheet(db.session.get(Meeting, values["meeting_id"]))
    typed = read_form(MultiDict(_sheet(world, values)), sheet.names())
    save_sheet(sheet, typed, world.facilitator)
    db.session.commit()
    return values


def _sheet(world, values) -> dict[str, str]:  # type: ignore[no-untyped-def]
    owner = world.owner.id
    return {
        f"status-{owner}": "present",
        "covered": "Saying no",
        f"note-{owner}": "Spoke up twice.",
        f"rate-{owner}-caretaking": "1",
    }


def _owner(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    _met_and_noted(world)
    return {"participant_id": world.owner.id}


ACCESS = {
    "observations.after_meeting": Case(
        values=_met_and_noted,
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world, values: {**_sheet(world, values), "covered": "Changed"},
        audit={"GET": "observation.read", "POST": "after_meeting.update"},
    ),
    "observations.autosave": Case(
        values=_met,
        post=MANAGERS,
        data=_sheet,
        headers={"Accept": "application/json"},
        audit={"POST": "observation.update"},
    ),
    # The API: the same rules, called with each actor's token. Observations of a person
    # are for staff of their cohorts; the person never reads them.
    "api_observations.get_after_meeting": Case(
        bearer=True, values=_met_and_noted, get=MANAGERS, audit={"GET": "observation.read"}
    ),
    "api_observations.put_after_meeting": Case(
        bearer=True,
        values=_met,
        put=MANAGERS,
        data=lambda world, values: {
            "group_note": {"covered": "Saying no"},
            "members": [{"user_id": world.owner.id, "note": "Spoke up", "ratings": {"control": 1}}],
        },
        audit={"PUT": "observation.update"},
    ),
    "api_observations.participant_observations": Case(
        bearer=True, values=_owner, get=MANAGERS, audit={"GET": "observation.list.read"}
    ),
}
