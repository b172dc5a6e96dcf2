"""The SMTP transport: messages share a connection, and a dead one is replaced unnoticed."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest

from groupapp.core import mail
from groupapp.core.mail import close_connections, deliver
from tests.support.smtp import SMTPServer, _Handler


class _CountingHandler(_Handler):
    async def handle_DATA(self, smtp, session, envelope):  # type: ignore[no-untyped-def]
        self.server.peers.append(session.peer)
        return await super().handle_DATA(smtp, session, envelope)


class CountingServer(SMTPServer):
    """The real test server, remembering which connection each message came on."""

    def __init__(self, port: int | None = None) -> None:
        super().__init__()
        self.peers: list[tuple[str, int]] = []
        self._controller.handler = _CountingHandler(self)
        if port is not None:
            self.port = self._controller.port = port


def message(n: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "groupapp <no-reply@example.org>"
    msg["To"] = f"person{n}@example.org"
    msg["Subject"] = f"Message {n}"
    msg["Message-ID"] = f"<m{n}@groupapp>"
    msg.set_content("Hello")
    return msg


@pytest.fixture
def server(app):  # type: ignore[no-untyped-def]
    smtp = CountingServer()
    smtp.start()
    app.config.update(MAIL_SERVER=smtp.host, MAIL_PORT=smtp.port, MAIL_USE_TLS=False)
    yield smtp
    close_connections()
    smtp.stop()


def test_messages_in_a_row_share_one_connection(app, server):
    with app.app_context():
        for n in range(5):
            deliver(message(n))
    assert [m["Subject"] for m in server.wait_for(5)] == [f"Message {n}" for n in range(5)]
    assert len(set(server.peers)) == 1


def test_a_connection_is_replaced_after_the_per_connection_limit(app, server, monkeypatch):
    monkeypatch.setattr(mail, "MESSAGES_PER_CONNECTION", 2)
    with app.app_context():
        for n in range(5):
            deliver(message(n))
    server.wait_for(5)
    assert len(set(server.peers)) == 3


def test_a_server_restarted_while_idle_gets_a_new_connection(app, server, monkeypatch):
    with app.app_context():
        deliver(message(1))
        server.wait_for(1)
        server.stop()  # the server goes away and comes back on the same port
        again = CountingServer(port=server.port)
        again.start()
        try:
            monkeypatch.setattr(mail, "IDLE_CHECK_SECONDS", 0.0)  # idle: checked with NOOP
            deliver(message(2))
            assert [m["Subject"] for m in again.wait_for(1)] == ["Message 2"]
        finally:
            close_connections()
            again.stop()
            server.start = lambda: None  # type: ignore[method-assign]
            server.stop = lambda: None  # type: ignore[method-assign]


def test_after_a_refusal_the_next_message_starts_a_clean_conversation(app, server):
    server.fail_next(["451 Greylisted, try later"])
    with app.app_context():
        with pytest.raises(smtplib.SMTPDataError):
            deliver(message(1))
        deliver(message(2))
    assert [m["Subject"] for m in server.wait_for(1)] == ["Message 2"]
    refused_on, sent_on = server.peers
    assert refused_on != sent_on  # a new conversation, whatever state the old one was in
