"""A meeting's reminders sent together read byte for byte as each one sent alone.

A send batch renders what a reminder says alike to everyone in one language and time zone
once (``send_batch.memo``); the greeting, the name and the unsubscribe link stay each
recipient's own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from groupapp.core import outbox
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.notifications.scanning import SCANNERS
from tests.notifications.conftest import add_meeting

# (name, zone, language): HTML-special names, both languages, several people who read
# the reminder alike (same zone and language) and some who do not.
PARTICIPANTS = [
    ("Ana <b>&\"' Ruiz", "America/New_York", "es"),
    ("Bo & Co", "America/New_York", "en"),
    ("Hal <i>", "America/New_York", "en"),
    ("Chloé", "Europe/London", "en"),
    ('D\'Arcy "D"', "Europe/London", "es"),
    ("Eli", "Australia/Sydney", "en"),
    ("Fay </p>", "Australia/Sydney", "en"),
    ("Gus", "Asia/Kolkata", "es"),
]

# Just before London's clocks go back (01:30 BST, an hour before 01:00 GMT) and just
# before New York's (01:30 EDT, an hour before 01:00 EST).
MEETINGS = [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)]


def _reminders() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.kind == "meeting_reminder")
            .order_by(OutboxMessage.id)
        )
    )


def _received(smtp_server, count: int) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    smtp_server.wait_for(count)
    return {rcpt[0]: raw for rcpt, raw in smtp_server.envelopes}


@pytest.mark.parametrize("starts_at", MEETINGS, ids=["london-dst-end", "new-york-dst-end"])
def test_each_reminder_of_a_batch_reads_as_sent_alone(app, factories, smtp_server, starts_at):  # type: ignore[no-untyped-def]
    org = factories.org("Harbour & <Co>")
    lead = factories.user("facilitator", org=org, name="Lead <b>", timezone="Europe/London")
    # Staff and a participant who read alike apart from that.
    co = factories.user("facilitator", org=org, name="Ivy", timezone="America/New_York")
    people = [
        factories.user("participant", org=org, name=name, timezone=zone, locale=language)
        for name, zone, language in PARTICIPANTS
    ]
    cohort = factories.cohort(
        org, facilitators=[lead, co], participants=people, timezone="America/New_York"
    )
    cohort.location = 'Room <1> & "2"'
    db.session.commit()
    meeting = add_meeting(cohort, starts_at, topic="Boundaries")
    now = starts_at - timedelta(hours=20)
    with time_machine.travel(now, tick=False):
        SCANNERS["scan_meeting_reminders"](now)
        db.session.commit()
        rows = _reminders()
        assert len(rows) == len(PARTICIPANTS) + 2
        ids = [row.id for row in rows]

        outcomes = outbox.send_many(ids)  # one batch
        assert {outcome.status for outcome in outcomes.values()} == {"sent"}
        together = _received(smtp_server, len(ids))
        smtp_server.envelopes.clear()
        smtp_server.messages.clear()

        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(status="queued", sent_at=None)
        )
        db.session.commit()
        for message_id in ids:
            assert outbox.send_message(message_id) == "sent"  # a batch of its own
        alone = _received(smtp_server, len(ids))

    assert together.keys() == alone.keys() == {row.recipient_email for row in rows}
    for address, raw in together.items():
        assert raw == alone[address], address
    # And each says what it should to its own reader.
    ana = together[people[0].email].decode()
    assert "Ana &lt;b&gt;&amp;&#34;&#39; Ruiz" in ana
    assert "Hola" in ana
    assert f"/meetings/{meeting.id}" in ana
    assert "facilitating this meeting" in together[co.email].decode()
    assert "facilitating this meeting" not in together[people[1].email].decode()
