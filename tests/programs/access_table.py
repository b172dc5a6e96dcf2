"""Access expectations for topic handouts (tests/trust/README.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from tests.api.access_table import MEMBERS_AND_MANAGERS, ORG_STAFF, _json, _program
from tests.trust.matrix import Case


def handed_out_meeting(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The owner's cohort follows a copy of a built-in program; its first meeting ended
    yesterday, so its handout is out."""
    program_id = _program(world)["program_id"]
    world.cohort.program_id = program_id
    start = utcnow() - timedelta(days=1)
    meeting = Meeting(
        cohort_id=world.cohort.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        local_start=start.strftime("%Y-%m-%dT%H:%M"),
        topic="Recognising codependent patterns",
        position=0,
    )
    db.session.add(meeting)
    db.session.commit()
    return {"meeting_id": meeting.id}


def program_topic(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The first topic of the organisation's copy of a built-in program."""
    from groupapp.programs.models import Program

    program = db.session.get(Program, _program(world)["program_id"])
    assert program is not None
    return {"topic_id": program.topics[0].id}


ACCESS = {
    "api_handouts.get_meeting_handout": Case(
        bearer=True, values=handed_out_meeting, get=MEMBERS_AND_MANAGERS
    ),
    "api_handouts.get_topic_handout": Case(bearer=True, values=program_topic, get=ORG_STAFF),
    "api_handouts.put_topic_handout": Case(
        bearer=True,
        values=program_topic,
        put=ORG_STAFF,
        data=_json({"about": "What this week is about.", "practice": "One thing to try."}),
    ),
}
