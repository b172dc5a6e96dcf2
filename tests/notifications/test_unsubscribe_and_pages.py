"""One-click unsubscribe (RFC 8058), preferences, and the admin outbox page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from groupapp.core import outbox
from groupapp.db import db, utcnow
from groupapp.notifications.models import NotificationPreference
from groupapp.notifications.scanning import run_scanner
from tests.notifications.conftest import add_meeting, rows

STARTS = datetime(2026, 6, 1, 17, tzinfo=UTC)


def _remind(group, smtp_server, hours: int = 23):  # type: ignore[no-untyped-def]
    with time_machine.travel(STARTS - timedelta(hours=hours), tick=False):
        run_scanner("scan_meeting_reminders")
    return smtp_server.to(group.alice.email)


def test_unsubscribe_headers_post_without_session_get_changes_nothing(
    app, group, smtp_server, client
):
    add_meeting(group.cohort, STARTS)
    mail = _remind(group, smtp_server)[0]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail["List-Unsubscribe"].strip("<>")
    assert url in mail.get_body(preferencelist=("plain",)).get_content()
    path = url.removeprefix(app.config["BASE_URL"])

    page = client.get(path)
    assert page.status_code == 200
    assert b"Stop emails about reminders" in page.data
    assert db.session.get(NotificationPreference, group.alice.id) is None

    for _ in range(2):  # no cookie, no CSRF token: a mail client's one-click POST
        response = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
    pref = db.session.get(NotificationPreference, group.alice.id)
    assert pref.disabled == ["meeting_reminders"]

    assert len(_remind(group, smtp_server)) == 1  # the scan again: no new mail
    assert app.test_client().post(path[:-3] + "xyz").status_code == 404


def test_essential_mail_still_arrives_without_unsubscribe(app, group, smtp_server):
    db.session.add(
        NotificationPreference(user_id=group.alice.id, disabled=["meeting_reminders", "digest"])
    )
    message = outbox.enqueue("password_reset", group.alice, "password_reset:test")
    db.session.commit()
    assert outbox.send_message(message.id) == "sent"
    mail = smtp_server.wait_for(1)[0]
    assert mail["List-Unsubscribe"] is None


def test_later_reminders_are_skipped_after_unsubscribing(app, group, smtp_server):
    db.session.add(NotificationPreference(user_id=group.alice.id, disabled=["meeting_reminders"]))
    db.session.commit()
    add_meeting(group.cohort, STARTS)
    _remind(group, smtp_server)
    by_user = {r.recipient_id: r for r in rows("meeting_reminder")}
    assert by_user[group.alice.id].status == "skipped"
    assert by_user[group.alice.id].last_error == "unsubscribed"
    assert by_user[group.bo.id].status == "sent"


def test_preferences_page_saves_kinds_and_digest_time(app, group, client, login, csrf):
    login(group.alice)
    page = client.get("/notifications/preferences")
    assert page.status_code == 200
    assert b"Weekly digest day" in page.data
    assert b"absence_alerts" not in page.data  # a staff-only category
    response = client.post(
        "/notifications/preferences",
        data={
            "csrf_token": csrf("/notifications/preferences"),
            "receive": ["homework", "digest"],
            "digest_day": "2",
            "digest_hour": "19",
        },
    )
    assert response.status_code == 302
    pref = db.session.get(NotificationPreference, group.alice.id)
    assert (pref.digest_day, pref.digest_hour) == (2, 19)
    assert "meeting_reminders" in pref.disabled
    assert "homework" not in pref.disabled


def test_outbox_page_is_for_admins_of_the_organisation_with_retry(
    app, group, factories, client, login, csrf, smtp_server
):
    smtp_server.fail_next(["550 Mailbox unavailable"])
    add_meeting(group.cohort, utcnow() + timedelta(hours=23))
    run_scanner("scan_meeting_reminders")
    other_org_admin = factories.user("admin")
    failed = next(r for r in rows("meeting_reminder") if r.status == "failed")

    login(group.lead)
    assert client.get("/admin/outbox").status_code == 403
    client.post("/logout", data={"csrf_token": csrf("/notifications/preferences")})

    login(other_org_admin)
    # The kind filter lists every kind; the messages themselves stay in their organisation.
    assert failed.recipient_email.encode() not in client.get("/admin/outbox").data
    assert (
        client.post(
            f"/admin/outbox/{failed.id}/retry", data={"csrf_token": csrf("/admin/outbox")}
        ).status_code
        == 404
    )
    client.post("/logout", data={"csrf_token": csrf("/notifications/preferences")})

    login(group.admin)
    page = client.get("/admin/outbox?status=failed")
    assert page.status_code == 200
    assert failed.recipient_email.encode() in page.data
    assert b"550 Mailbox unavailable" in page.data
    # Kinds read as words, in the rows and in the filter, never as identifiers.
    assert b"<td>Meeting reminder</td>" in page.data
    assert b">meeting_reminder<" not in page.data
    from groupapp.notifications.undeliverable import clear_undeliverable

    clear_undeliverable(failed.recipient_email)
    db.session.commit()
    response = client.post(
        f"/admin/outbox/{failed.id}/retry", data={"csrf_token": csrf("/admin/outbox")}
    )
    assert response.status_code == 302
    db.session.refresh(failed)
    assert failed.status == "sent"
    assert failed.attempts == 1
    from groupapp.audit.models import AuditEvent

    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"notifications.outbox.view", "notifications.outbox.retry"} <= actions


def test_facilitator_sets_cohort_reminder_timings_which_the_scanner_follows(
    app, group, client, login, csrf, smtp_server
):
    login(group.lead)
    url = f"/notifications/cohorts/{group.cohort.id}/timings"
    page = client.get(url)
    assert b'value="24, 1"' in page.data
    bad = client.post(
        url,
        data={"csrf_token": csrf(url), "reminder_hours": "48, soon", "escalation_minutes": "30"},
    )
    assert "is not a number of hours" in bad.get_data(as_text=True)
    saved = client.post(
        url,
        data={
            "csrf_token": csrf(url),
            "reminder_hours": "48",
            "overdue_days": "",
            "escalation_minutes": "15",
        },
    )
    assert saved.status_code == 302
    add_meeting(group.cohort, STARTS)
    for hours in (30, 47):  # both inside the new 48-hour window: one reminder
        with time_machine.travel(STARTS - timedelta(hours=hours), tick=False):
            run_scanner("scan_meeting_reminders")
    assert {r.params["minutes"] for r in rows("meeting_reminder")} == {48 * 60}
    with time_machine.travel(STARTS - timedelta(minutes=30), tick=False):
        run_scanner("scan_meeting_reminders")  # no 1-hour reminder any more
    assert {r.params["minutes"] for r in rows("meeting_reminder")} == {48 * 60}
