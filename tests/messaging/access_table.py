"""Access expectations for announcements and private messages (tests/trust/README.md)."""

from __future__ import annotations

from typing import Any

from tests.messaging.support import announce, open_thread
from tests.trust.matrix import PARTICIPANTS_ONLY, SIGNED_IN, STAFF, Case, allow

MANAGERS = allow("facilitator", "admin")
MEMBERS_AND_MANAGERS = allow("owner", "same_cohort_participant", "facilitator", "admin")
# The owner's own thread: never another participant, never staff of another cohort.
THREAD_PEOPLE = allow("owner", "facilitator", "admin")


def _cohort(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id}


def _announcement(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"announcement_id": announce(world.cohort, world.facilitator).id}


def _thread(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"thread_id": open_thread(world.cohort, world.owner).id}


ACCESS = {
    "messaging.announcements": Case(values=_cohort, get=MEMBERS_AND_MANAGERS),
    "messaging.new_announcement": Case(
        values=_cohort,
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world, values: {"subject": "Snow day", "body": "No meeting on Tuesday."},
    ),
    "messaging.edit_announcement": Case(
        values=_announcement,
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world, values: {"subject": "Snow day", "body": "Meeting moved online."},
    ),
    "messaging.withdraw_announcement": Case(values=_announcement, post=MANAGERS),
    "messaging.inbox": Case(get=PARTICIPANTS_ONLY),
    "messaging.staff_inbox": Case(get=STAFF, audit={"GET": "messages.inbox.read"}),
    "messaging.new_thread": Case(
        get=PARTICIPANTS_ONLY,
        post=PARTICIPANTS_ONLY,
        data=lambda world, values: {
            "with_whom": world.cohort.id,
            "subject": "Question",
            "body": "Is it all right if I arrive late?",
        },
    ),
    "messaging.new_staff_thread": Case(
        values=_cohort,
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world, values: {
            "with_whom": world.owner.id,
            "subject": "Checking in",
            "body": "How are you after last week?",
        },
    ),
    "messaging.thread": Case(values=_thread, get=THREAD_PEOPLE),
    "messaging.reply": Case(
        values=_thread, post=THREAD_PEOPLE, data=lambda world, values: {"body": "Thank you."}
    ),
    "messaging.close_thread": Case(values=_thread, post=MANAGERS),
    "messaging.email_choice": Case(
        get=SIGNED_IN, post=SIGNED_IN, data=lambda world, values: {"mode": "daily"}
    ),
}
