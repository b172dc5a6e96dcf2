"""Who may use the notification routes (see tests/trust/README.md)."""

from __future__ import annotations

from groupapp.core import outbox
from groupapp.db import db
from groupapp.notifications.preferences import unsubscribe_token
from tests.trust.matrix import ADMINS, PUBLIC, SIGNED_IN, Case, allow


def _unsubscribe_link(world):  # type: ignore[no-untyped-def]
    return {"token": unsubscribe_token(world.owner.id, "meeting_reminders")}


def _failed_message(world):  # type: ignore[no-untyped-def]
    message = outbox.enqueue(
        "password_reset", world.owner, f"password_reset:matrix:{world.owner.id}"
    )
    message.status = "failed"
    db.session.commit()
    return {"message_id": message.id}


def _assignment(world):  # type: ignore[no-untyped-def]
    from tests.homework.access_table import _assignment as homework_assignment

    return homework_assignment(world)


def _open_checkin(world):  # type: ignore[no-untyped-def]
    from tests.assessments.access_table import schedule_values

    return {**schedule_values(world), "key": "baseline"}


def _cohort(world):  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id}


ACCESS = {
    "notifications.cohort_timings": Case(
        values=_cohort, get=allow("facilitator", "admin"), post=allow("facilitator", "admin")
    ),
    "notifications.preferences": Case(get=SIGNED_IN, post=SIGNED_IN),
    # The signed token is the permission: mail clients POST without a session (RFC 8058).
    "notifications.unsubscribe": Case(values=_unsubscribe_link, get=PUBLIC, post=PUBLIC),
    "notifications.outbox": Case(get=ADMINS),
    "notifications.retry_message": Case(values=_failed_message, post=allow("admin")),
    "notifications.nudge_homework_view": Case(
        values=_assignment, post=allow("facilitator", "admin")
    ),
    "notifications.nudge_checkin_view": Case(
        values=_open_checkin, post=allow("facilitator", "admin")
    ),
}
