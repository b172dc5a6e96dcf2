"""Announcements: posted by staff, read by joined members, emailed without the text
unless the author asks, edited or withdrawn by a co-facilitator, kept on erasure."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.core.outbox import OutboxMessage
from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db
from groupapp.messaging.models import Announcement
from tests.messaging.support import announce, sign_out
from tests.support.smtp import body_text

SECRET = "Bring the boundary worksheet you started."


def _people(factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    lead = factories.user("facilitator", org=org, email="lead@example.com")
    co = factories.user("facilitator", org=org)
    member = factories.user("participant", org=org)
    outsider = factories.user("participant", org=org)
    cohort = factories.cohort(org, [lead, co], [member], name="Thursday group")
    factories.cohort(org, [co], [outsider], name="Other group")
    return cohort, lead, co, member, outsider


def test_posting_emails_a_notice_without_the_text(client, factories, login, csrf, smtp_server):
    cohort, lead, _co, member, outsider = _people(factories)
    login(lead)
    response = client.post(
        f"/cohorts/{cohort.id}/announcements/new",
        data={"csrf_token": csrf("/privacy/notice"), "subject": "Next week", "body": SECRET},
    )
    assert response.status_code == 302
    mails = smtp_server.wait_for(1)
    assert [m["To"] for m in mails] == [member.email]
    text = body_text(mails[0])
    assert SECRET not in text
    assert "Next week" not in mails[0]["Subject"]
    assert "only shown in groupapp" in text
    assert f"/cohorts/{cohort.id}/announcements" in text
    assert mails[0]["Reply-To"] == "lead@example.com"
    assert not smtp_server.to(outsider.email)


def test_the_text_goes_out_only_when_ticked(client, factories, login, csrf, smtp_server):
    cohort, lead, _co, _member, _outsider = _people(factories)
    login(lead)
    client.post(
        f"/cohorts/{cohort.id}/announcements/new",
        data={
            "csrf_token": csrf("/privacy/notice"),
            "subject": "Next week",
            "body": f"{SECRET}\nSee https://example.org/worksheet",
            "text_in_email": "y",
        },
    )
    (mail,) = smtp_server.wait_for(1)
    assert SECRET in body_text(mail)
    assert "Next week" in mail["Subject"]


def test_members_see_it_on_their_start_page_and_list(client, factories, login, csrf):
    cohort, lead, _co, member, outsider = _people(factories)
    announce(
        cohort, lead, "Pinned rules", body="Phones on silent\nhttps://example.org/a", pinned=True
    )
    announce(cohort, lead, "Snow day")
    login(member)
    start = client.get("/my/meetings").get_data(as_text=True)
    assert "Pinned rules" in start
    assert "Snow day" in start
    assert start.index("Pinned rules") < start.index("Snow day")
    listing = client.get(f"/cohorts/{cohort.id}/announcements").get_data(as_text=True)
    assert 'href="https://example.org/a"' in listing
    sign_out(client, csrf)
    login(outsider)
    assert "Snow day" not in client.get("/my/meetings").get_data(as_text=True)
    assert client.get(f"/cohorts/{cohort.id}/announcements").status_code == 404


def test_a_co_facilitator_edits_and_withdraws(client, factories, login, csrf):
    cohort, lead, co, member, _outsider = _people(factories)
    item = announce(cohort, lead, "Room change")
    login(co)
    client.post(
        f"/announcements/{item.id}/edit",
        data={
            "csrf_token": csrf("/privacy/notice"),
            "subject": "Room change (updated)",
            "body": "Room 6.",
        },
    )
    db.session.expire_all()
    edited = db.session.get(Announcement, item.id)
    assert edited is not None
    assert edited.subject == "Room change (updated)"
    assert edited.edited_by_id == co.id
    client.post(f"/announcements/{item.id}/withdraw", data={"csrf_token": csrf("/privacy/notice")})
    sign_out(client, csrf)
    login(member)
    assert "Room change" not in client.get(f"/cohorts/{cohort.id}/announcements").get_data(
        as_text=True
    )
    assert "Room change" not in client.get("/my/meetings").get_data(as_text=True)


def test_a_withdrawn_announcement_sends_no_queued_email(app, factories):
    from groupapp.core.outbox import send_message
    from groupapp.messaging import announcements

    cohort, lead, _co, _member, _outsider = _people(factories)
    item = announce(cohort, lead, "Oops")
    announcements.withdraw(item, lead)
    db.session.commit()
    row = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "announcement_posted")
    )
    assert row is not None
    send_message(row.id)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, row.id).status == "skipped"  # type: ignore[union-attr]


def test_a_missing_subject_is_named_and_the_text_kept(client, factories, login, csrf):
    cohort, lead, _co, _member, _outsider = _people(factories)
    login(lead)
    response = client.post(
        f"/cohorts/{cohort.id}/announcements/new",
        data={"csrf_token": csrf("/privacy/notice"), "subject": "  ", "body": SECRET},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give it a subject." in html
    assert SECRET in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Announcement)) == 0


def test_export_lists_announcements_as_received_and_erasure_keeps_them(factories):
    cohort, lead, _co, member, _outsider = _people(factories)
    announce(cohort, lead, "Holiday break")
    exported = export_user(member)["announcements"]
    assert [(a["received"], a["subject"]) for a in exported] == [("announcement", "Holiday break")]
    erase_user(member)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Announcement)) == 1
