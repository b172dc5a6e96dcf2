"""A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

from __future__ import annotations

import email
import socket
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPProtocol
from aiosmtpd.smtp import Envelope, Session
from flask import Flask

from groupapp.core.mail import close_connections


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, server: SMTPServer) -> None:
        self.server = server

    async def handle_EHLO(
        self,
        _smtp: SMTPProtocol,
        session: Session,
        _envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        session.host_name = hostname
        if self.server.pipelining:
            return [*responses[:-1], "250-PIPELINING", responses[-1]]
        return responses

    async def handle_RCPT(
        self,
        _smtp: SMTPProtocol,
        _session: Session,
        envelope: Envelope,
        address: str,
        _options: list[str],
    ) -> str:
        reply = self.server.rcpt_replies.get(address)
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _smtp: SMTPProtocol, _session: Session, envelope: Envelope) -> str:
        reply = self.server.next_reply()
        if reply is not None:
            return reply
        raw = envelope.original_content or b""
        message = email.message_from_bytes(raw, policy=default_policy)
        with self.server.lock:
            self.server.messages.append(message)  # type: ignore[arg-type]
            self.server.envelopes.append((list(envelope.rcpt_tos), raw))
        return "250 Message accepted for delivery"


class SMTPServer:
    """Collects messages; ``fail_next(["451 ..."])`` answers the next DATA commands so.

    ``envelopes`` holds each message's RCPT TO addresses and the exact bytes received.
    Like many servers, it offers SMTPUTF8 only when ``smtputf8=True``; it offers
    PIPELINING (RFC 2920) only when ``pipelining=True``. ``rcpt_replies`` answers RCPT TO
    for the addresses it names (say ``{"x@example.org": "550 no such user"}``).
    """

    def __init__(
        self, host: str = "127.0.0.1", *, smtputf8: bool = False, pipelining: bool = False
    ) -> None:
        self.host = host
        self.pipelining = pipelining
        self.rcpt_replies: dict[str, str] = {}
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[list[str], bytes]] = []
        self.replies: list[str] = []
        self.lock = threading.Lock()
        self._controller = Controller(
            _Handler(self), hostname=host, port=self.port, enable_SMTPUTF8=smtputf8
        )

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def fail_next(self, replies: list[str]) -> None:
        with self.lock:
            self.replies.extend(replies)

    def next_reply(self) -> str | None:
        with self.lock:
            return self.replies.pop(0) if self.replies else None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until at least ``count`` messages arrived; return them all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        with self.lock:
            return list(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def serving(app: Flask, server: SMTPServer) -> Iterator[SMTPServer]:
    """Start ``server`` and point ``app``'s mail at it until the generator ends (a
    fixture's ``yield from``); then the old settings come back and the server stops."""
    server.start()
    old = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port, MAIL_USE_TLS=False)
    try:
        yield server
    finally:
        app.config.update(old)
        close_connections()  # the next test's server may reuse this port
        server.stop()
