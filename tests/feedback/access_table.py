"""Access expectations for the meeting feedback routes (tests/trust/README.md)."""

from __future__ import annotations

from typing import Any

from tests.feedback.builders import ended_meeting
from tests.trust.matrix import SIGNED_IN, Case, allow

MEMBERS = allow("owner", "same_cohort_participant")
COHORT_STAFF = allow("facilitator", "admin")


def _meeting(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"meeting_id": ended_meeting(world).id}


def _cohort(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id}


def _answer(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"heard": "4", "useful": "5", "safe": "3", "change": "More time to talk"}


def _json_answer(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"heard": 4, "useful": 5, "safe": 3}


ACCESS = {
    # The cohort's joined members answer for 48 hours after a meeting ends.
    "feedback.answer": Case(values=_meeting, get=MEMBERS, post=MEMBERS, data=_answer),
    # Anonymous summaries: the cohort's facilitators and the organisation's admins.
    "feedback.cohort": Case(values=_cohort, get=COHORT_STAFF),
    # Everyone signed in may ask which feedback they owe (a list of their own).
    "api_feedback.my_requests": Case(bearer=True, get=SIGNED_IN),
    "api_feedback.answer": Case(bearer=True, values=_meeting, put=MEMBERS, data=_json_answer),
    "api_feedback.summary": Case(bearer=True, values=_meeting, get=COHORT_STAFF),
}
