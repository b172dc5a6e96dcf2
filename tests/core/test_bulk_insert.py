"""Many outbox rows in one statement: existing keys kept, repeats dropped, values intact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core import outbox
from groupapp.core.outbox import OutboxMessage
from groupapp.db import UTCDateTime, db, json_object


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


def test_enqueue_many_stores_each_value_as_given(app, factories) -> None:  # type: ignore[no-untyped-def]
    first = factories.user("participant")
    second = factories.user("facilitator")
    db.session.commit()
    east = timezone(timedelta(hours=5, minutes=30))
    rows = [
        {
            "kind": "checkin_open",
            "dedupe_key": "checkin_open:1:2:2031-W02",
            "recipient_id": first.id,
            "recipient_email": first.email,
            "organisation_id": first.organisation_id,
            "params": {"schedule_id": 2, "key": "2031-W02", "closes_at": "2031-01-12T23:00:00"},
            "expires_at": datetime(2031, 1, 12, 4, 30, tzinfo=east),  # stored as UTC
        },
        {
            "kind": "digest_participant",
            "dedupe_key": "digest_participant:2:2031-W02",
            "recipient_id": second.id,
            "recipient_email": second.email,
            "organisation_id": None,
            "params": {"week": "2031-W02", "nested": {"list": [1, 2.5, None, True]}},
            "expires_at": None,
            "send_after": datetime(2031, 1, 10, 8, 0, tzinfo=UTC),
        },
    ]
    assert outbox.enqueue_many(rows) == 2
    db.session.commit()
    stored = {m.dedupe_key: m for m in db.session.scalars(sa.select(OutboxMessage))}
    for given in rows:
        message = stored[given["dedupe_key"]]
        for column, value in given.items():
            assert getattr(message, column) == value, column
        assert (message.status, message.attempts, message.handed_at) == ("queued", 0, None)
    in_utc = datetime(2031, 1, 11, 23, 0, tzinfo=UTC)
    assert stored["checkin_open:1:2:2031-W02"].expires_at == in_utc
    assert stored["digest_participant:2:2031-W02"].send_after == rows[1]["send_after"]
    # A second pass offering the same rows writes none.
    count = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    outbox.enqueue_many(rows)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == count


def test_enqueue_selected_writes_what_a_query_selects_and_keeps_existing_rows(
    app, factories, count_queries
) -> None:  # type: ignore[no-untyped-def]
    first = factories.user("participant")
    second = factories.user("participant")
    db.session.commit()
    outbox.enqueue_many([_row(f"sel:{first.id}", first)])
    db.session.commit()
    expires = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    query = sa.select(
        sa.literal("meeting_reminder").label("kind"),
        (sa.literal("sel:") + sa.cast(User.id, sa.String)).label("dedupe_key"),
        User.id.label("recipient_id"),
        User.email.label("recipient_email"),
        User.organisation_id.label("organisation_id"),
        json_object({"user_id": User.id, "email": User.email}).label("params"),
        sa.literal(expires, UTCDateTime).label("expires_at"),
    ).where(User.id.in_([first.id, second.id]))
    with count_queries() as seen:
        assert outbox.enqueue_selected(query) == 1  # the first person's row exists
    assert len(seen) == 1
    db.session.commit()
    stored = {m.dedupe_key: m for m in db.session.scalars(sa.select(OutboxMessage))}
    kept = stored[f"sel:{first.id}"]
    assert (kept.params, kept.expires_at) == (_row("", first)["params"], None)
    written = stored[f"sel:{second.id}"]
    assert written.params == {"user_id": second.id, "email": second.email}
    assert (written.kind, written.recipient_id, written.recipient_email) == (
        "meeting_reminder",
        second.id,
        second.email,
    )
    assert (written.organisation_id, written.expires_at) == (second.organisation_id, expires)
    assert (written.status, written.attempts, written.handed_at) == ("queued", 0, None)
    assert written.send_after == written.created_at
    assert outbox.enqueue_selected(query) == 0  # a second pass writes nothing
