"""Access expectations for the intake routes (tests/trust/README.md)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from groupapp.db import db
from groupapp.intake import services
from tests.trust.matrix import ADMINS, Case, allow

MEMBERS = allow("owner", "same_cohort_participant")
FACILITATOR = allow("facilitator")

_ANSWERS = {
    "what_brings_you": "Saying yes when I mean no.",
    "hoped_change": "Rest without guilt.",
    "family_illness": "no",
    "family_addiction": "prefer_not",
    "family_emotional": "yes",
    "emergency_name": "A friend",
    "emergency_phone": "0123 456789",
}


def _cohort(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id}


def _owners_intake(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = services.response_for(world.cohort.id, world.org.id, world.owner.id)
    services.submit(response, MultiDict(_ANSWERS))
    db.session.commit()
    return {"cohort_id": world.cohort.id, "user_id": world.owner.id}


ACCESS = {
    # A joined member fills in their own intake; nobody else has one here.
    "intake.fill": Case(
        values=_cohort,
        get=MEMBERS,
        post=MEMBERS,
        data=lambda world, values: {"action": "draft", "what_brings_you": "A start"},
    ),
    # Only the cohort's own facilitators read intakes: not admins, not other staff.
    "intake.cohort_overview": Case(
        values=_cohort, get=FACILITATOR, audit={"GET": "intake.list.read"}
    ),
    "intake.read": Case(values=_owners_intake, get=FACILITATOR, audit={"GET": "intake.read"}),
    # The API: the same rules, called with each actor's token.
    "api_intake.my_intake": Case(bearer=True, values=_cohort, get=MEMBERS),
    "api_intake.write_intake": Case(
        bearer=True,
        values=_cohort,
        put=MEMBERS,
        data=lambda world, values: {"answers": {"what_brings_you": "A start"}},
    ),
    "api_intake.member_intake": Case(
        bearer=True, values=_owners_intake, get=FACILITATOR, audit={"GET": "intake.read"}
    ),
    # The organisation's form: its admins publish versions.
    "intake.edit_form": Case(
        get=ADMINS,
        post=ADMINS,
        data=lambda world, values: {"f0-type": "long_text", "f0-label": "Why?"},
    ),
}
