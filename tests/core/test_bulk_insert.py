"""Many outbox rows in one statement: existing keys kept, repeats dropped, values intact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from groupapp.core import outbox
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db


def _row(key: str, person, **extra):  # type: ignore[no-untyped-def]
    return {
        "kind": "meeting_reminder",
        "dedupe_key": key,
        "recipient_id": person.id,
        "recipient_email": person.email,
        "organisation_id": person.organisation_id,
        "params": {"meeting_id": 7, "note": 'ünïcode, "quotes" and {braces}'},
        **extra,
    }


def test_enqueue_many_keeps_existing_rows_and_drops_repeats(app, factories, count_queries) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant")
    db.session.commit()
    outbox.enqueue_many([_row("k:1", person)])
    db.session.commit()
    expires = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    rows = [
        _row("k:1", person, expires_at=expires),  # exists: kept as it was
        _row("k:2", person, expires_at=expires),
        _row("k:2", person, expires_at=None),  # repeats a key of this call
        _row("k:3", person),  # other keys: a second statement at most
    ]
    with count_queries() as seen:
        assert outbox.enqueue_many(rows) == 4  # offered, as before
    assert len(seen) <= 2
    db.session.commit()
    stored = {m.dedupe_key: m for m in db.session.scalars(sa.select(OutboxMessage).order_by("id"))}
    assert set(stored) >= {"k:1", "k:2", "k:3"}
    assert stored["k:1"].expires_at is None
    assert stored["k:2"].expires_at == expires
    assert stored["k:2"].params == rows[1]["params"]
    assert stored["k:3"].status == "queued"
    assert stored["k:3"].attempts == 0


def test_enqueue_many_refuses_a_naive_time(app, factories) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant")
    db.session.commit()
    naive = datetime(2031, 1, 1, tzinfo=UTC).replace(tzinfo=None) + timedelta(hours=1)
    with pytest.raises((ValueError, sa.exc.StatementError)):
        outbox.enqueue_many([_row("naive", person, expires_at=naive)])
    db.session.rollback()
