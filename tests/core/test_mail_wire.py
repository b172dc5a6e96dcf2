"""Messages flattened once for SMTP: the same bytes and envelope smtplib would send.

``deliver`` hands ``sendmail`` the bytes ``for_the_wire`` built (headers folded once per
shared header object) instead of letting ``send_message`` parse the addresses again and
flatten a copy. These tests hold both to the same result, on any text people write.
"""

from __future__ import annotations

import copy
import io
import smtplib
from email import message_from_bytes
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.policy import default as default_policy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.core.addresses import header_address
from groupapp.core.mail import EmailContent, build_message, deliver, for_the_wire

TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Co", "Cn")), min_size=1, max_size=300
)
LINE = TEXT.map(lambda text: " ".join(text.split())).filter(bool)


def smtplib_bytes(msg: EmailMessage) -> bytes:
    """What ``smtplib.SMTP.send_message`` flattens, with a policy that keeps nothing."""
    utf8 = not all(str(a).isascii() for a in (msg["From"], msg["To"]))
    plain = EmailPolicy(linesep="\r\n", utf8=utf8)
    out = io.BytesIO()
    BytesGenerator(out, policy=plain).flatten(copy.copy(msg), linesep="\r\n")
    return out.getvalue()


def content(subject: str, body: str, name: str = "") -> EmailContent:
    return EmailContent(
        subject=subject,
        text=body,
        html=f"<p>{body}</p>",
        reply_to=f"{name} <lead@example.org>" if name else None,
        headers={"List-Unsubscribe": "<http://localhost/notifications/unsubscribe/abc.def>"},
    )


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(subject=LINE, body=TEXT, name=LINE)
def test_any_message_flattens_to_the_bytes_smtplib_would_send(app, subject, body, name):
    with app.app_context():
        first = build_message(content(subject, body, name), "kim@example.org", "<1@groupapp>")
        second = build_message(content(subject, body, name), "ana@example.org", "<2@groupapp>")
        # The second message shares most header objects with the first (folded once).
        for msg in (first, second, first):
            wire = for_the_wire(msg)
            assert wire.data == smtplib_bytes(msg)
            assert wire.mail_options == ()
    assert wire.recipients == ["kim@example.org"]
    assert wire.sender == header_address(app.config["MAIL_DEFAULT_SENDER"]).addr_spec
    assert message_from_bytes(wire.data, policy=default_policy)["Subject"] == subject


def test_a_non_ascii_local_part_goes_with_smtputf8_and_utf8_headers(app):
    with app.app_context():
        msg = build_message(content("Hola", "Hola"), "zoë@bücher.example", "<3@groupapp>")
        wire = for_the_wire(msg)
    assert wire.recipients == ["zoë@xn--bcher-kva.example"]
    assert wire.mail_options == ("SMTPUTF8", "BODY=8BITMIME")
    assert "To: zoë@xn--bcher-kva.example\r\n".encode() in wire.data
    assert wire.data == smtplib_bytes(msg)


def test_bcc_addresses_are_in_the_envelope_only():
    msg = EmailMessage()
    msg["From"] = "Groupapp <no-reply@example.org>"
    msg["To"] = "a@example.org, B <b@example.org>"
    msg["Cc"] = "c@example.org"
    msg["Bcc"] = "hidden@example.org"
    msg.set_content("Hello")
    wire = for_the_wire(msg)
    assert wire.sender == "no-reply@example.org"
    assert wire.recipients == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
        "hidden@example.org",
    ]
    assert b"hidden" not in wire.data
    assert b"\r\nCc: c@example.org\r\n" in wire.data
    assert "Bcc" in msg  # the caller's message is left as it was


def test_the_server_receives_what_send_message_would_have_sent(app, smtputf8_server):
    with app.app_context():
        messages = [
            build_message(content("Réunion demain", "À demain"), to, f"<{n}@groupapp>")
            for n, to in enumerate(["kim@example.org", "zoë@bücher.example"])
        ]
        for msg in messages:
            deliver(msg)
        with smtplib.SMTP(smtputf8_server.host, smtputf8_server.port) as client:
            for msg in messages:
                client.send_message(msg)
    smtputf8_server.wait_for(4)
    ours, theirs = smtputf8_server.envelopes[:2], smtputf8_server.envelopes[2:]
    assert ours == theirs
    assert ours[1][0] == ["zoë@xn--bcher-kva.example"]
