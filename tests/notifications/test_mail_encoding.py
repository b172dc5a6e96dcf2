"""The bytes the SMTP server receives: addresses as addresses, plain one-click headers."""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime, timedelta
from email.policy import SMTP
from email.policy import default as default_policy

import sqlalchemy as sa
import time_machine
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from groupapp.accounts.models import Invitation
from groupapp.core.mail import EmailContent, build_message
from groupapp.core.outbox import OutboxMessage
from groupapp.core.smtp_errors import SMTPUTF8_REASON
from groupapp.db import db
from groupapp.notifications.scanning import run_scanner
from tests.cohorts.web import logout
from tests.conftest import csrf_token
from tests.notifications.conftest import add_meeting

LONG_BASE_URL = "https://groups.riverside-counselling.example.org"
STARTS = datetime(2026, 6, 1, 17, tzinfo=UTC)


def _headers(raw: bytes) -> dict[str, str]:
    """Unfolded raw header lines of a received message, by lower-case name."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = re.sub(r"\r\n[ \t]", " ", head)
    return {
        name.lower(): value
        for name, _, value in (line.partition(": ") for line in unfolded.split("\r\n"))
    }


def _invite(client, login, inviter, address: str):  # type: ignore[no-untyped-def]
    login(inviter)
    token = csrf_token(client, "/people/invite?role=participant")
    response = client.post(
        "/people/invite?role=participant", data={"email": address, "csrf_token": token}
    )
    assert response.status_code == 302
    return db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "invitation"))


def test_an_internationalised_domain_is_delivered_in_its_ascii_form(
    client, factories, login, smtp_server
):
    inviter = factories.user("facilitator", email="lead@bücher.example")
    message = _invite(client, login, inviter, "Kim@BÜCHER.example")
    assert (message.status, message.attempts) == ("sent", 1)
    [(recipients, raw)] = smtp_server.envelopes
    assert recipients == ["kim@xn--bcher-kva.example"]
    headers = _headers(raw)
    assert headers["to"] == "kim@xn--bcher-kva.example"
    assert headers["reply-to"] == "lead@xn--bcher-kva.example"
    assert "=?" not in headers["to"] + headers["reply-to"] + headers["from"]


def test_a_non_ascii_local_part_fails_at_once_with_a_reason_the_inviter_sees(
    client, factories, login, smtp_server
):
    facilitator = factories.user("facilitator")
    cohort = factories.cohort(facilitator.organisation, facilitators=[facilitator])
    login(facilitator)
    token = csrf_token(client, f"/cohorts/{cohort.id}/invite")
    client.post(
        f"/cohorts/{cohort.id}/invite", data={"email": "zoë@bücher.example", "csrf_token": token}
    )
    message = db.session.scalar(sa.select(OutboxMessage))
    assert (message.status, message.attempts) == ("failed", 1)  # no retries
    assert message.last_error == SMTPUTF8_REASON
    assert smtp_server.envelopes == []
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "zoë@bücher.example" in page
    assert "Invitation not delivered: the address has letters before the @" in page


def test_a_server_with_smtputf8_gets_the_non_ascii_local_part(
    client, factories, login, smtputf8_server
):
    message = _invite(client, login, factories.user("facilitator"), "zoë@bücher.example")
    assert message.status == "sent"
    [(recipients, raw)] = smtputf8_server.envelopes
    assert recipients == ["zoë@xn--bcher-kva.example"]
    assert "To: zoë@xn--bcher-kva.example".encode() in raw
    assert db.session.scalar(sa.select(Invitation.email)) == "zoë@bücher.example"


def test_cohort_mail_carries_plain_unsubscribe_and_reply_to_headers(app, group, smtp_server):
    app.config["BASE_URL"] = LONG_BASE_URL
    group.lead.email = "lead@bücher.example"
    db.session.commit()
    add_meeting(group.cohort, STARTS, topic="Grenzen setzen für Angehörige")
    try:
        with time_machine.travel(STARTS - timedelta(hours=23), tick=False):
            run_scanner("scan_meeting_reminders")
    finally:
        app.config["BASE_URL"] = "http://localhost"
    raw = next(raw for rcpt, raw in smtp_server.envelopes if rcpt == [group.alice.email])
    headers = _headers(raw)
    unsubscribe = re.escape(LONG_BASE_URL) + r"/notifications/unsubscribe/[\w.-]+"
    assert re.fullmatch(f"<{unsubscribe}>", headers["list-unsubscribe"])
    assert b"List-Unsubscribe: <https://" in raw  # one line, never an encoded word
    assert headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"
    assert headers["reply-to"] == "lead@xn--bcher-kva.example"


SUBJECT = (
    st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")),
        min_size=1,
        max_size=200,
    )
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)


# The app only supplies the sender setting; nothing in it changes between examples.
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(SUBJECT, st.sampled_from(["a" * 77, "Reminder: " + "x" * 120, "é" * 90])))
@example("000000¡¡¡¡¡¡¡¡¡¡𐀀𐀀𐀀𐀀 ¡ ¡")  # a space between two encoded words
def test_any_subject_decodes_to_itself_without_a_leading_space(app, subject):
    content = EmailContent(subject=subject, text="Hello", html="<p>Hello</p>")
    raw = build_message(content, "kim@example.org", "<1@groupapp>").as_bytes(policy=SMTP)
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    received = email.message_from_bytes(raw, policy=default_policy)
    assert received["Subject"] == subject


def test_the_invite_page_lists_what_could_not_be_delivered(client, factories, login, smtp_server):
    inviter = factories.user("facilitator")
    message = _invite(client, login, inviter, "Zoë@Example.org")
    assert (message.status, message.attempts) == ("failed", 1)
    page = client.get("/people/invite?role=participant").get_data(as_text=True)
    assert "Invitations that could not be delivered" in page
    assert f"zoë@example.org: {SMTPUTF8_REASON}" in page
    logout(client)
    login(factories.user("facilitator", org=inviter.organisation))  # someone else
    other = client.get("/people/invite?role=participant").get_data(as_text=True)
    assert "could not be delivered" not in other
