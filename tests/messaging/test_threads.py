"""Private messages: who may open and read a thread, emails without the text, read
state and unread counts, closing, audited staff reads, export, erasure and retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from groupapp.cohorts.models import Membership
from groupapp.core.outbox import OutboxMessage
from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db, utcnow
from groupapp.messaging import threads
from groupapp.messaging.models import Message, MessageThread
from groupapp.messaging.retention import purge_expired_messages, queue_daily_summaries
from tests.messaging.support import open_thread, sign_out
from tests.support.smtp import body_text
from tests.trust.audit import assert_audited, audit_rows

PRIVATE = "I had a hard week and nearly skipped the group."


def _people(factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    org.crisis_support_text = "Samaritans: call 116 123"
    lead = factories.user("facilitator", org=org)
    co = factories.user("facilitator", org=org)
    member = factories.user("participant", org=org)
    other = factories.user("participant", org=org)
    cohort = factories.cohort(org, [lead, co], [member, other], name="Thursday group")
    return cohort, lead, co, member, other


def test_a_member_writes_and_facilitators_get_an_email_without_the_text(
    client, factories, login, csrf, smtp_server
):
    cohort, lead, co, member, other = _people(factories)
    login(member)
    page = client.get("/messages/new").get_data(as_text=True)
    assert "Samaritans: call 116 123" in page
    assert "not watched around the clock" in page
    response = client.post(
        "/messages/new",
        data={
            "csrf_token": csrf("/messages/new"),
            "with_whom": cohort.id,
            "subject": "Hard week",
            "body": PRIVATE,
        },
    )
    assert response.status_code == 302
    mails = smtp_server.wait_for(2)
    assert sorted(m["To"] for m in mails) == sorted([lead.email, co.email])
    for mail in mails:
        assert mail["Subject"] == "You have a new message in groupapp"
        assert PRIVATE not in mail.as_string()
        assert "Hard week" not in mail.as_string()
        assert "/messages/" in body_text(mail)
    assert not smtp_server.to(member.email)
    assert not smtp_server.to(other.email)


def test_a_participant_cannot_open_a_thread_outside_their_cohorts(factories):
    cohort, _lead, _co, member, other = _people(factories)
    stranger = factories.user("participant", org=cohort.organisation)
    with pytest.raises(threads.MessageRefused, match="only with members"):
        threads.open_thread(cohort, stranger, stranger, "Hi", "Hello")
    with pytest.raises(threads.MessageRefused, match="Only the cohort's facilitators"):
        threads.open_thread(cohort, member, other, "Hi", "Hello")


def test_read_state_and_unread_count_in_the_header(client, factories, login, csrf):
    cohort, lead, _co, member, _other = _people(factories)
    thread = open_thread(cohort, member)
    threads.write(thread, lead, "Thanks for telling me. Shall we talk before Thursday?")
    db.session.commit()
    assert threads.unread_count(member) == 1
    assert threads.unread_count(lead) == 0
    login(member)
    header = client.get("/my/meetings").get_data(as_text=True)
    assert 'Messages <span class="nav-count">1<span class="visually-hidden"> unread' in header
    html = client.get(f"/messages/{thread.id}").get_data(as_text=True)
    assert "Shall we talk before Thursday?" in html
    assert lead.display_name in html
    assert threads.unread_count(member) == 0
    assert 'class="nav-count"' not in client.get("/my/meetings").get_data(as_text=True)


def test_staff_reads_are_audited_and_member_reads_are_not(client, factories, login, csrf):
    cohort, lead, _co, member, _other = _people(factories)
    thread = open_thread(cohort, member)
    login(member)
    client.get(f"/messages/{thread.id}")
    assert audit_rows("messages.thread.read") == []
    sign_out(client, csrf)
    login(lead)
    assert client.get(f"/messages/{thread.id}").status_code == 200
    assert_audited("messages.thread.read", actor=lead, subject=member, object=thread)


def test_another_member_and_other_staff_get_404(client, factories, login, csrf):
    cohort, _lead, _co, member, other = _people(factories)
    elsewhere = factories.user("facilitator", org=cohort.organisation)
    factories.cohort(cohort.organisation, [elsewhere], [])
    thread = open_thread(cohort, member)
    for person in (other, elsewhere):
        login(person)
        assert client.get(f"/messages/{thread.id}").status_code == 404
        assert (
            client.post(
                f"/messages/{thread.id}/reply",
                data={"csrf_token": csrf("/privacy/notice"), "body": "hi"},
            ).status_code
            == 404
        )
        assert "About next week" not in client.get(
            "/messages" if person is other else "/messages/staff"
        ).get_data(as_text=True)
        sign_out(client, csrf)


def test_a_closed_thread_refuses_replies_and_keeps_the_text(client, factories, login, csrf):
    cohort, lead, _co, member, _other = _people(factories)
    thread = open_thread(cohort, member)
    login(lead)
    client.post(f"/messages/{thread.id}/close", data={"csrf_token": csrf("/privacy/notice")})
    sign_out(client, csrf)
    login(member)
    response = client.post(
        f"/messages/{thread.id}/reply",
        data={"csrf_token": csrf("/privacy/notice"), "body": PRIVATE},
    )
    html = response.get_data(as_text=True)
    assert "This conversation was closed" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_an_empty_reply_is_named(client, factories, login, csrf):
    cohort, _lead, _co, member, _other = _people(factories)
    thread = open_thread(cohort, member)
    login(member)
    response = client.post(
        f"/messages/{thread.id}/reply", data={"csrf_token": csrf("/privacy/notice"), "body": " "}
    )
    assert response.status_code == 200
    assert "Write the text." in response.get_data(as_text=True)


def test_daily_summary_replaces_the_email_per_message(app, factories, smtp_server):
    cohort, lead, co, member, _other = _people(factories)
    threads.set_daily_summary(lead, True)
    db.session.commit()
    open_thread(cohort, member)
    recipients = db.session.scalars(
        sa.select(OutboxMessage.recipient_id).where(OutboxMessage.kind == threads.NEW_MESSAGE)
    ).all()
    assert recipients == [co.id]
    now = utcnow()
    assert queue_daily_summaries(now) == 1
    assert queue_daily_summaries(now + timedelta(hours=1)) == 0  # once a day
    db.session.commit()
    row = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == threads.SUMMARY))
    assert row is not None
    assert row.recipient_id == lead.id

    from groupapp.core.outbox import send_message

    send_message(row.id)
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == lead.email
    assert "One conversation has" in body_text(mail)
    assert "Can we talk?" not in mail.as_string()


def test_export_and_erasure_cover_the_members_messages(factories):
    cohort, lead, _co, member, _other = _people(factories)
    thread = open_thread(cohort, member, body=PRIVATE)
    threads.write(thread, lead, "Thank you for writing.")
    db.session.commit()
    (exported,) = export_user(member)["messages"]
    assert [m["text"] for m in exported["messages"]] == [PRIVATE, "Thank you for writing."]
    assert exported["messages"][0]["from"] == "you"
    erase_user(member)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MessageThread)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0


def test_a_leavers_messages_stay_for_staff_until_retention_ends(client, factories, login):
    cohort, lead, _co, member, other = _people(factories)
    recent = open_thread(cohort, member).id
    old = open_thread(cohort, other).id
    memberships = {m.user_id: m for m in db.session.scalars(sa.select(Membership))}
    memberships[member.id].status = "exited"
    memberships[member.id].exited_on = utcnow().date() - timedelta(days=365)
    memberships[other.id].status = "removed"
    memberships[other.id].exited_on = utcnow().date() - timedelta(days=365 * 7 + 10)
    db.session.commit()
    assert purge_expired_messages(utcnow()) == 1
    db.session.commit()
    assert db.session.get(MessageThread, old) is None
    login(lead)
    assert client.get(f"/messages/{recent}").status_code == 200


def test_the_privacy_notice_states_the_retention_period(app, client, factories, login):
    login(factories.user("participant"))
    assert "for 7 years after the member leaves" in client.get("/privacy/notice").get_data(
        as_text=True
    )
    app.config["MESSAGE_RETENTION_YEARS"] = 2.5
    try:
        assert "for 30 months after" in client.get("/privacy/notice").get_data(as_text=True)
    finally:
        app.config["MESSAGE_RETENTION_YEARS"] = 7.0


def test_the_writer_sees_who_has_read_their_message(client, factories, login, csrf):
    cohort, lead, co, member, _other = _people(factories)
    thread = open_thread(cohort, member)
    login(member)
    assert "Not read yet" in client.get(f"/messages/{thread.id}").get_data(as_text=True)
    sign_out(client, csrf)
    login(lead)
    client.get(f"/messages/{thread.id}")
    sign_out(client, csrf)
    login(member)
    html = client.get(f"/messages/{thread.id}").get_data(as_text=True)
    assert f"Read by {lead.display_name}" in html
    assert co.display_name not in html.split("Read by")[1].split("</p>")[0]


def test_an_email_about_a_message_already_read_is_not_sent(app, factories, smtp_server):
    from groupapp.core.outbox import send_message

    cohort, lead, co, member, _other = _people(factories)
    thread = open_thread(cohort, member)
    threads.mark_read(thread, lead)
    db.session.commit()
    rows = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == threads.NEW_MESSAGE)
    ).all()
    for row in rows:
        send_message(row.id)
    assert [m["To"] for m in smtp_server.wait_for(1)] == [co.email]
