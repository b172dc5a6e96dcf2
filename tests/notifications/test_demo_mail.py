"""After the demo is seeded, the captured mail shows what the worker sends."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.core.mail import captured_messages
from groupapp.core.outbox import OutboxMessage, send_message
from groupapp.db import db, utcnow
from tests.support.demo import seed_demo

WANTED = {
    "invitation",
    "meeting_reminder",
    "homework_due_soon",
    "risk_alert",
    "digest_facilitator",
    "digest_participant",
}


def test_a_fresh_demo_has_one_of_each_kind_ready_to_send(app):
    seed_demo()
    now = utcnow()
    due = db.session.execute(
        sa.select(OutboxMessage.kind, OutboxMessage.send_after, OutboxMessage.id).where(
            OutboxMessage.status == "queued"
        )
    ).all()
    kinds = {kind for kind, _, _ in due}
    assert kinds >= WANTED, WANTED - kinds
    assert all(send_after <= now for _, send_after, _ in due)  # nothing waits for later

    # The worker's own sending renders each one into the captured mail.
    sent = {kind for kind, _, message_id in due if send_message(message_id) == "sent"}
    assert sent >= WANTED, WANTED - sent
    assert len(captured_messages()) >= len(WANTED)


def test_the_demo_reads_like_real_people(app):
    from groupapp.assessments.models import AssessmentResponse
    from groupapp.homework.models import Submission

    seed_demo()
    now = utcnow()
    handed_in = db.session.scalars(
        sa.select(Submission).where(Submission.submitted_at.is_not(None))
    ).all()
    assert handed_in
    assert all(s.submitted_at <= now for s in handed_in)  # nothing handed in tomorrow
    answers = [repr(sorted(s.answers.items())) for s in handed_in]
    assert len(answers) == len(set(answers)), "two people handed in the same words"

    responses = db.session.scalars(
        sa.select(AssessmentResponse).where(AssessmentResponse.status == "submitted")
    ).all()
    assert all(r.submitted_at <= now for r in responses)
    journeys: dict[int, list[float]] = {}
    for r in sorted(responses, key=lambda r: r.submitted_at):
        if r.version.definition.get("id") == "relationship-checkin":
            journeys.setdefault(r.user_id, []).append(r.total)
    assert len(journeys) >= 3
    assert len({tuple(totals) for totals in journeys.values()}) == len(journeys), journeys
    assert len({totals[0] for totals in journeys.values()}) > 1  # not everyone starts alike
