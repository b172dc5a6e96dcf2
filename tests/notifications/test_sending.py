"""Sending one outbox row: exactly once, retries for 4xx, undeliverable for 5xx."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from flask_login import login_user

from groupapp.core import mail, outbox
from groupapp.core.mail import close_connections
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from groupapp.notifications.dispatch import scan_outbox
from groupapp.notifications.models import UndeliverableAddress
from groupapp.notifications.undeliverable import undeliverable_by_user
from tests.notifications.conftest import add_meeting, rows

SECOND = timedelta(seconds=1)


def _queue_reminder(group) -> OutboxMessage:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    meeting = add_meeting(group.cohort, utcnow() + timedelta(hours=3))
    message = outbox.enqueue(
        "meeting_reminder",
        group.alice,
        f"meeting_reminder:{group.alice.id}:{meeting.id}:test",
        {"meeting_id": meeting.id, "starts_at": meeting.starts_at.isoformat(), "minutes": 60},
    )
    db.session.commit()
    return message


def test_message_id_comes_from_the_dedupe_key_and_repeats_send_nothing(
    app, group, smtp_server, monkeypatch
):
    message = _queue_reminder(group)
    assert outbox.send_message(message.id) == "sent"
    assert outbox.send_message(message.id) == "sent"
    received = smtp_server.wait_for(1)
    assert len(received) == 1
    assert received[0]["Message-ID"] == message.message_id
    assert message.attempts == 1


def test_transient_errors_retry_with_backoff_then_deliver_once(
    app, group, smtp_server, monkeypatch
):
    monkeypatch.setitem(app.config, "OUTBOX_RETRY_BASE_SECONDS", 60)
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 6)
    message = _queue_reminder(group)
    smtp_server.fail_next(["451 Try again later"] * 3)
    delays = []
    for _ in range(3):
        with pytest.raises(outbox.RetryLater) as later:
            outbox.send_message(message.id)
        delays.append(later.value.delay)
        db.session.refresh(message)
        assert message.status == "queued"
        # Not due yet: a second sender cannot jump the backoff.
        assert outbox.send_message(message.id) == "queued"
        message.send_after = utcnow()
        db.session.commit()
    assert 60 <= delays[0] < 120
    assert 120 <= delays[1] < 180
    assert 240 <= delays[2] < 300
    assert outbox.send_message(message.id) == "sent"
    assert len(smtp_server.wait_for(1)) == 1
    assert message.attempts == 4


def test_transient_errors_give_up_at_the_limit(app, group, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 2)
    message = _queue_reminder(group)
    smtp_server.fail_next(["421 Service not available"] * 5)
    with pytest.raises(outbox.RetryLater):
        outbox.send_message(message.id)
    message.send_after = utcnow()
    db.session.commit()
    assert outbox.send_message(message.id) == "failed"
    assert "gave up after 2" in message.last_error
    assert smtp_server.messages == []


def test_permanent_rejection_is_tried_once_and_marks_the_address(
    app, group, smtp_server, monkeypatch
):
    message = _queue_reminder(group)
    smtp_server.fail_next(["550 No such mailbox"])
    assert outbox.send_message(message.id) == "failed"
    assert message.attempts == 1
    mark = undeliverable_by_user([group.alice.id, group.bo.id])
    assert list(mark) == [group.alice.id]
    assert "550" in mark[group.alice.id].reason
    # Later non-essential mail to that address is skipped, not bounced again.
    second = outbox.enqueue("meeting_reminder", group.alice, "another", message.params)
    db.session.commit()
    assert outbox.send_message(second.id) == "skipped"
    assert second.last_error == "address undeliverable"


def test_refused_connection_is_transient(app, group, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    message = _queue_reminder(group)
    with pytest.raises(outbox.RetryLater):
        outbox.send_message(message.id)
    assert message.status == "queued"
    assert message.last_error == "ConnectionRefusedError"
    assert db.session.scalar(db.select(UndeliverableAddress)) is None


def test_scan_recovers_rows_stuck_in_sending_and_expires_passed_ones(
    app, group, smtp_server, monkeypatch
):
    from datetime import timedelta

    monkeypatch.setitem(app.config, "OUTBOX_SENDING_TIMEOUT_SECONDS", 60)
    stuck = _queue_reminder(group)
    assert outbox.claim(stuck.id)  # a worker claimed it, then died
    late = outbox.enqueue("homework_due_soon", group.bo, "late", {}, expires_at=utcnow())
    db.session.commit()
    first = scan_outbox()
    assert (first.recovered, first.expired) == (0, 1)
    with time_machine.travel(utcnow() + timedelta(minutes=2), tick=False):
        result = scan_outbox()
    assert (result.recovered, result.expired) == (1, 0)
    db.session.refresh(late)
    assert late.status == "skipped"
    assert late.last_error == "expired"
    assert [r.status for r in rows("meeting_reminder")] == ["sent"]
    assert len(smtp_server.wait_for(1)) == 1


def test_personal_data_export_and_erasure_cover_notifications(app, group, smtp_server):
    from groupapp.core.personal_data import erase_user, export_user
    from groupapp.notifications.models import NotificationPreference

    db.session.add(NotificationPreference(user_id=group.alice.id, disabled=["digest"]))
    message = _queue_reminder(group)
    smtp_server.fail_next(["550 No such mailbox"])
    outbox.send_message(message.id)
    exported = export_user(group.alice)["notifications"]
    assert exported["preferences"]["turned_off"] == ["digest"]
    assert [m["kind"] for m in exported["messages"]] == ["meeting_reminder"]
    assert exported["undeliverable_addresses"][0]["email"] == group.alice.email

    erase_user(group.alice)
    db.session.commit()
    again = export_user(group.alice)["notifications"]
    assert again == {"preferences": None, "undeliverable_addresses": [], "messages": []}


def test_member_page_notice_shows_a_bounce_until_the_address_changes(app, group, smtp_server):
    message = _queue_reminder(group)
    smtp_server.fail_next(["550 5.1.1 Mailbox does not exist"])
    outbox.send_message(message.id)
    mark = undeliverable_by_user([group.alice.id])[group.alice.id]
    notice = app.jinja_env.get_template("notifications/_undeliverable.html")
    with app.test_request_context("/"):
        login_user(group.lead)  # the facilitator looking at the member's page
        html = notice.render(undeliverable=mark)
        empty = notice.render(undeliverable=None)
    assert group.alice.email in html
    assert "550 5.1.1 Mailbox does not exist" in html
    assert "(Europe/London)" in html  # the viewer's time zone
    assert "bounces" not in empty
    group.alice.email = "alice.new@example.com"
    db.session.commit()
    assert undeliverable_by_user([group.alice.id]) == {}


def test_essential_rows_come_back_after_the_short_lease_ordinary_ones_after_the_long(
    app, group, smtp_server
):
    from datetime import timedelta

    from groupapp.notifications.dispatch import due_ids, recover_stuck

    ordinary = _queue_reminder(group)
    essential = outbox.enqueue("password_reset", group.bo, "password_reset:test", {})
    db.session.commit()
    for row in (ordinary, essential):
        assert outbox.claim(row.id)  # a worker claimed both, then was killed
    claimed = utcnow()
    with time_machine.travel(claimed + timedelta(seconds=44), tick=False):
        assert recover_stuck() == (0, 0)
    with time_machine.travel(claimed + timedelta(seconds=46), tick=False):
        assert recover_stuck() == (1, 0)
        assert due_ids() == [essential.id]
    with time_machine.travel(claimed + timedelta(seconds=601), tick=False):
        assert recover_stuck() == (1, 0)
    db.session.commit()
    # Handed over and lost with the worker: offered again after the same leases.
    for row in (ordinary, essential):
        db.session.refresh(row)
        row.handed_at = claimed
    db.session.commit()
    with time_machine.travel(claimed + timedelta(seconds=46), tick=False):
        assert due_ids() == [essential.id]
    with time_machine.travel(claimed + timedelta(seconds=601), tick=False):
        assert sorted(due_ids()) == sorted([ordinary.id, essential.id])


def test_claim_many_wins_each_due_row_once_in_one_statement(app, group, count_queries):
    first = _queue_reminder(group)
    second = outbox.enqueue("password_reset", group.bo, "password_reset:claim", {})
    later = outbox.enqueue(
        "password_reset", group.alice, "password_reset:later", {}, send_after=utcnow() + 60 * SECOND
    )
    db.session.commit()
    ids = [second.id, later.id, first.id]
    with count_queries() as statements:
        won = outbox.claim_many(ids)
    assert won == [second.id, first.id]  # in the order given; the row not yet due stays
    assert len([s for s in statements if s.lstrip().upper().startswith("UPDATE")]) == 1
    assert outbox.claim_many(ids) == []  # nobody wins a row twice
    db.session.refresh(first)
    assert (first.status, first.attempts) == ("sending", 1)


def test_a_message_no_longer_needed_says_why_it_was_skipped(app, group, smtp_server):  # type: ignore[no-untyped-def]
    from groupapp.core.outbox_send import NOT_NEEDED

    message = _queue_reminder(group)
    db.session.commit()
    meeting = db.session.get(Meeting, message.params["meeting_id"])
    meeting.status = "cancelled"
    db.session.commit()
    assert outbox.send_message(message.id) == "skipped"
    db.session.refresh(message)
    assert message.last_error == NOT_NEEDED


def test_send_batches_one_after_another_keep_one_smtp_connection(app, group):  # type: ignore[no-untyped-def]
    # A worker sends batch after batch; each builds its links in a request context of its
    # own, and ending that context must not end the conversation with the server.
    from tests.core.test_mail_transport import CountingServer

    server = CountingServer()
    server.start()
    app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port, MAIL_USE_TLS=False)
    try:
        first, second = _queue_reminder(group), _queue_reminder(group)
        assert outbox.send_many([first.id])[first.id].status == "sent"
        assert outbox.send_many([second.id])[second.id].status == "sent"
        server.wait_for(2)
        assert len(server.peers) == 2
        assert len(set(server.peers)) == 1
    finally:
        close_connections()
        server.stop()


def test_a_web_request_that_sent_mail_closes_its_connection(app, group, smtp_server):  # type: ignore[no-untyped-def]
    message = _queue_reminder(group)
    with app.test_request_context("/"):
        assert outbox.send_many([message.id])[message.id].status == "sent"
        assert mail._pool.smtp is not None
    assert mail._pool.smtp is None  # the request's teardown ended the conversation
