"""Rendering email templates and handing messages to SMTP or the local capture folder."""

from __future__ import annotations

import contextlib
import copy
import os
import secrets
import smtplib
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import Policy
from email.utils import formatdate, getaddresses
from itertools import islice
from pathlib import Path
from typing import Any

import flask_babel
from flask import current_app
from markupsafe import Markup

from groupapp.core.addresses import header_address, needs_smtputf8
from groupapp.core.i18n import template_gettext
from groupapp.core.mail_headers import MAIL_POLICY, MAIL_POLICY_UTF8
from groupapp.core.mime_parts import attachment_part, make_multipart, text_part
from groupapp.core.smtp_pipelining import PipeliningSMTP, WireMessage
from groupapp.core.text import single_line


@dataclass
class EmailContent:
    """A rendered message, ready to address and send."""

    subject: str
    text: str
    html: str
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # (filename, mime type "main/sub", bytes)
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class EmailPiece:
    """Part of a message's body rendered on its own, as text and as HTML (``render_piece``).

    A builder renders a piece that many messages say word for word once, and each
    message's template includes it as it is (``html`` is markup: it is not escaped again).
    """

    text: str
    html: Markup


def render_email(template: str, **context: Any) -> EmailContent:
    """Render ``templates/email/<template>.txt`` and ``.html``.

    Both templates extend the shared email base; the subject comes from the ``subject``
    block of the text template.
    """
    env = current_app.jinja_env
    _email_context(context)
    text_template = env.get_template(f"email/{template}.txt")
    html_template = env.get_template(f"email/{template}.html")
    subject_ctx = text_template.new_context(dict(context))
    subject = " ".join(single_line("".join(text_template.blocks["subject"](subject_ctx))).split())
    return EmailContent(
        subject=subject,
        text=text_template.render(context),
        html=html_template.render(context),
    )


def render_piece(template: str, **context: Any) -> EmailPiece:
    """Render ``templates/email/<template>.txt`` and ``.html`` as a piece of a body.

    The templates get what ``render_email`` gives its own (the language's texts,
    ``base_url``) and stand alone: no base, no subject.
    """
    env = current_app.jinja_env
    _email_context(context)
    html = env.get_template(f"email/{template}.html").render(context)
    return EmailPiece(
        text=env.get_template(f"email/{template}.txt").render(context),
        # An .html template autoescapes what it is given: its output is markup already.
        html=Markup(html),  # noqa: S704  # nosec B704
    )


def _email_context(context: dict[str, Any]) -> None:
    """Add to ``context`` what every email template may use."""
    context.setdefault("base_url", current_app.config["BASE_URL"])
    context.update(template_gettext(flask_babel.get_translations()))


def build_message(content: EmailContent, to: str, message_id: str) -> EmailMessage:
    """The message for ``to``, with every address written as an address.

    Domains are given in their ASCII (``xn--``) form, so a server without SMTPUTF8 can
    deliver them; an address whose part before the ``@`` is not ASCII still needs an
    SMTPUTF8 server (``smtplib`` refuses it otherwise, see ``classify_smtp_error``).
    """
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["Subject"] = content.subject
    msg["From"] = header_address(current_app.config["MAIL_DEFAULT_SENDER"])
    msg["To"] = header_address(to)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id
    # A Reply-To that needs SMTPUTF8 only survives in a message sent with SMTPUTF8, which
    # smtplib does only when the recipient needs it; otherwise replies go to the sender.
    if content.reply_to and (not needs_smtputf8(content.reply_to) or needs_smtputf8(to)):
        msg["Reply-To"] = header_address(content.reply_to)
    for name, value in content.headers.items():
        # The body's own headers are the builder's (``set_content`` would clear others).
        if not name.lower().startswith("content-"):
            msg[name] = value
    msg["MIME-Version"] = "1.0"
    alternatives = [
        text_part(MAIL_POLICY, content.text, "plain"),
        text_part(MAIL_POLICY, content.html, "html", mime_version=True),
    ]
    alternative, mixed = _boundaries(content)
    if not content.attachments:
        return make_multipart(msg, "alternative", alternative, alternatives)
    inner = EmailMessage(policy=MAIL_POLICY)
    make_multipart(inner, "alternative", alternative, alternatives)
    attached = [attachment_part(MAIL_POLICY, *attachment) for attachment in content.attachments]
    return make_multipart(msg, "mixed", mixed, [inner, *attached])


def _boundaries(content: EmailContent) -> tuple[str, str]:
    """The boundaries of the alternatives and of the whole message (with attachments).

    A boundary must only be absent from the parts it separates; it need not differ from
    message to message. This process's pair is used whenever neither text contains it
    (quoted-printable and base64 parts cannot: they encode "=", and base64 has no "_"),
    so the ``Content-Type`` headers that carry them are parsed and folded once, like
    the other headers that repeat. A text that contains one (someone who read it in
    an earlier email and wrote it back) gets boundaries of its own.
    """
    texts = (content.text, content.html)
    if any(boundary in text for boundary in _SHARED_BOUNDARIES for text in texts):
        return _boundary(), _boundary()
    return _SHARED_BOUNDARIES


def _boundary() -> str:
    """A MIME boundary no text can contain by chance (128 random bits).

    Given up front, the generator need not make one and search the whole message for
    it with a regular expression compiled anew for each message, as it otherwise does.
    """
    return f"=_{secrets.token_hex(16)}"


_SHARED_BOUNDARIES = (_boundary(), _boundary())


def deliver(msg: EmailMessage) -> None:
    """Send through SMTP when ``MAIL_SERVER`` is set, else write to the capture folder.

    Messages share one SMTP connection per process (and thread), see ``_connection``.
    SMTP errors propagate: the caller decides whether they are transient or permanent.
    """
    (outcome,) = deliver_each([msg])
    if outcome is not None:
        raise outcome


def deliver_each(messages: Sequence[EmailMessage]) -> Iterator[Exception | None]:
    """``deliver`` each of ``messages`` in order, yielding ``None`` for each one sent and
    the error ``deliver`` would have raised for each one not sent, as each is known.

    Over SMTP each message goes out with the next one's envelope where the server offers
    PIPELINING (``PipeliningSMTP.sendmail_each``): one round trip a message. After a
    refusal or a lost connection the next message starts a new conversation, whatever
    state the old one was in. Stopping the iteration early closes the connection too.
    """
    config = current_app.config
    if not config["MAIL_SERVER"]:
        folder = Path(config["MAIL_CAPTURE_DIR"])
        for msg in messages:
            try:
                _capture(msg, folder)
            except Exception as exc:
                yield exc
            else:
                yield None
        return
    waiting = deque(messages)
    while waiting:
        try:
            wires = [for_the_wire(waiting[0])]
            smtp = _connection(config)
        except Exception as exc:
            # Not sendable as it is, or no server to send it to: this message's outcome.
            waiting.popleft()
            yield exc
            continue
        for msg in islice(waiting, 1, MESSAGES_PER_CONNECTION - _pool.sent):
            try:
                wires.append(for_the_wire(msg))
            except Exception:
                break  # it gets its own outcome, first in line, next time round
        failed = False
        try:
            for outcome in smtp.sendmail_each(wires):
                waiting.popleft()
                _pool.sent += 1
                _pool.last_used = time.monotonic()
                failed = outcome is not None
                yield outcome
        except BaseException:
            # Whatever state the conversation is in, the next message starts a fresh one.
            close_connections()
            raise
        if failed:
            close_connections()


_SMTPUTF8_OPTIONS = ("SMTPUTF8", "BODY=8BITMIME")


def for_the_wire(msg: EmailMessage) -> WireMessage:
    """``msg``'s envelope (``Sender`` or ``From``; ``To``, ``Cc`` and ``Bcc``) and its bytes
    with SMTP line endings, flattened once, ``Bcc`` left out.

    As ``smtplib``'s ``send_message`` does, without its second parse of the address
    headers and its copy of the message: an address that is not ASCII sends the message
    with SMTPUTF8, its headers in UTF-8 (the server must offer SMTPUTF8, or ``sendmail``
    raises ``SMTPNotSupportedError``).
    """
    senders = _addresses(msg, "Sender") or _addresses(msg, "From")
    recipients = _addresses(msg, "To", "Cc", "Bcc")
    international = not all(address.isascii() for address in [*senders[:1], *recipients])
    policy = _wire_policy(msg.policy, utf8=international)
    if "Bcc" in msg:
        msg = copy.copy(msg)
        del msg["Bcc"]
    return WireMessage(
        sender=senders[0] if senders else "",
        recipients=recipients,
        data=msg.as_bytes(policy=policy),
        mail_options=_SMTPUTF8_OPTIONS if international else (),
    )


def _addresses(msg: EmailMessage, *names: str) -> list[str]:
    """The bare addresses in the ``names`` headers of ``msg``, in order."""
    found: list[str] = []
    for name in names:
        for value in msg.get_all(name, ()):
            parsed = getattr(value, "addresses", None)  # a header the policy parsed
            if parsed is None:
                found += [address for _, address in getaddresses([str(value)])]
            else:
                found += [address.addr_spec for address in parsed]
    return found


def _wire_policy(policy: Policy, *, utf8: bool) -> Policy:
    """``policy`` with SMTP line endings (and UTF-8 headers when ``utf8``)."""
    if policy is MAIL_POLICY:
        return MAIL_POLICY_UTF8 if utf8 else MAIL_POLICY
    # Any policy of the email package: compat32 has no ``utf8`` (nor needs it unless asked).
    changes: dict[str, Any] = {"linesep": "\r\n", **({"utf8": True} if utf8 else {})}
    return policy.clone(**changes)


#: Reconnect after this many messages on one connection (servers cap it, often at 100).
MESSAGES_PER_CONNECTION = 100
#: A connection idle longer than this is checked with NOOP before it is used again.
IDLE_CHECK_SECONDS = 1.0


class _Pool(threading.local):
    """This thread's open connection, the server it is for, and how it has been used."""

    smtp: PipeliningSMTP | None = None
    key: tuple[Any, ...] = ()
    pid: int = 0
    sent: int = 0
    last_used: float = 0.0


_pool = _Pool()


def _connection(config: Any) -> PipeliningSMTP:
    """An open, greeted (and logged in) SMTP connection to the configured server.

    Reused while it is for the same server, in the same process (a forked worker never
    shares its parent's socket), under ``MESSAGES_PER_CONNECTION``, and answers NOOP after
    being idle: sending over a dead connection would fail only at MAIL FROM, but a check
    first keeps such a failure from counting as a delivery error at all.
    """
    key = (
        config["MAIL_SERVER"],
        config["MAIL_PORT"],
        config["MAIL_USE_TLS"],
        config["MAIL_USERNAME"],
    )
    smtp = _pool.smtp
    if smtp is not None and _pool.pid == os.getpid():
        usable = _pool.key == key and _pool.sent < MESSAGES_PER_CONNECTION
        if usable and time.monotonic() - _pool.last_used > IDLE_CHECK_SECONDS:
            usable = _answers(smtp)
        if usable:
            return smtp
    close_connections()
    # Pipelined envelopes where the server offers it: two round trips a message, not four.
    smtp = PipeliningSMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30)
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        smtp.close()
        raise
    _pool.smtp, _pool.key, _pool.pid, _pool.sent = smtp, key, os.getpid(), 0
    _pool.last_used = time.monotonic()
    return smtp


def _answers(smtp: smtplib.SMTP) -> bool:
    try:
        return smtp.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def close_connections() -> None:
    """Close this thread's SMTP connection, if any (QUIT when it is still ours to end)."""
    smtp, _pool.smtp = _pool.smtp, None
    if smtp is None:
        return
    if _pool.pid == os.getpid():
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.quit()
    # A parent's socket inherited by a fork is only dropped: QUIT would end the parent's.
    with contextlib.suppress(OSError):
        smtp.close()


def _capture(msg: EmailMessage, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    safe_id = "".join(ch for ch in msg["Message-ID"] if ch.isalnum() or ch in "-.")
    (folder / f"{safe_id}.eml").write_bytes(bytes(msg))


def captured_messages() -> list[Path]:
    """Captured mail files, newest first (the development mail viewer lists these)."""
    folder = Path(current_app.config["MAIL_CAPTURE_DIR"])
    if not folder.exists():
        return []
    return sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)
