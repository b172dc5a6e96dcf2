"""A batch sent to a server that offers PIPELINING: each row once, refusals recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from groupapp.core import outbox
from groupapp.db import db, utcnow
from groupapp.notifications.undeliverable import undeliverable_by_user
from tests.notifications.conftest import add_meeting
from tests.support.smtp import SMTPServer, serving


@pytest.fixture
def pipelining_server(app):  # type: ignore[no-untyped-def]
    yield from serving(app, SMTPServer(pipelining=True))


def test_a_pipelined_batch_sends_each_row_once_and_records_a_refusal(  # type: ignore[no-untyped-def]
    app, group, pipelining_server
):
    meeting = add_meeting(group.cohort, utcnow() + timedelta(hours=3))
    params = {"meeting_id": meeting.id, "starts_at": meeting.starts_at.isoformat(), "minutes": 60}
    people = [group.alice, group.bo, group.lead]
    messages = [
        outbox.enqueue("meeting_reminder", person, f"pipelined:{person.id}", params)
        for person in people
    ]
    db.session.commit()
    pipelining_server.rcpt_replies[group.bo.email] = "550 5.1.1 no such user"
    ids = [message.id for message in messages]

    outcomes = outbox.send_many(ids)
    assert [outcomes[i].status for i in ids] == ["sent", "failed", "sent"]
    assert outbox.send_many(ids) == {}  # nothing is claimed, let alone sent, twice
    received = pipelining_server.wait_for(2)
    assert sorted(m["Message-ID"] for m in received) == sorted(
        [messages[0].message_id, messages[2].message_id]
    )
    assert [rcpts for rcpts, _ in pipelining_server.envelopes] == [
        [group.alice.email],
        [group.lead.email],
    ]
    for message in messages:
        db.session.refresh(message)
    assert [m.status for m in messages] == ["sent", "failed", "sent"]
    assert "550" in (messages[1].last_error or "")
    assert list(undeliverable_by_user([group.alice.id, group.bo.id])) == [group.bo.id]
