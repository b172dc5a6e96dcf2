"""The SMTP transport: messages share a connection, and a dead one is replaced unnoticed."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest

from groupapp.core import mail
from groupapp.core.mail import close_connections, deliver, deliver_each
from tests.support.smtp import SMTPServer, _Handler, serving


class _CountingHandler(_Handler):
    async def handle_DATA(self, smtp, session, envelope):  # type: ignore[no-untyped-def]
        self.server.peers.append(session.peer)
        return await super().handle_DATA(smtp, session, envelope)


class CountingServer(SMTPServer):
    """The real test server, remembering which connection each message came on."""

    def __init__(self, port: int | None = None, *, pipelining: bool = False) -> None:
        super().__init__(pipelining=pipelining)
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
    yield from serving(app, CountingServer())


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


@pytest.fixture(params=[True, False], ids=["pipelining", "lock-step"])
def either_server(app, request):  # type: ignore[no-untyped-def]
    yield from serving(app, CountingServer(pipelining=request.param))


def test_a_run_of_messages_gets_one_outcome_each_and_a_refusal_costs_only_its_own(
    app, either_server
):
    server = either_server
    server.fail_next(["451 Greylisted, try later"])  # the first message's end of data
    server.rcpt_replies["person3@example.org"] = "550 5.1.1 no such user"
    with app.app_context():
        outcomes = list(deliver_each([message(n) for n in range(6)]))
    assert isinstance(outcomes[0], smtplib.SMTPDataError)
    assert outcomes[0].smtp_code == 451
    assert isinstance(outcomes[3], smtplib.SMTPRecipientsRefused)
    assert [outcomes[n] for n in (1, 2, 4, 5)] == [None] * 4
    arrived = server.wait_for(4)
    assert [m["Subject"] for m in arrived] == [f"Message {n}" for n in (1, 2, 4, 5)]
    # After each refusal the next message starts a new conversation (``peers`` has each
    # DATA's connection: the refused recipient's message never reached DATA).
    assert len(server.peers) == 5
    assert server.peers[0] != server.peers[1] == server.peers[2] != server.peers[3]
    assert server.peers[3] == server.peers[4]
    assert len(set(server.peers)) == 3


def test_a_server_ending_the_conversation_mid_run_loses_no_message(app, either_server):
    server = either_server
    with app.app_context():
        assert list(deliver_each([message(n) for n in range(2)])) == [None, None]
        server.fail_next(["421 4.3.2 shutting down"])
        outcomes = list(deliver_each([message(n) for n in range(2, 6)]))
    assert isinstance(outcomes[0], smtplib.SMTPDataError)
    assert outcomes[0].smtp_code == 421
    assert outcomes[1:] == [None, None, None]
    arrived = server.wait_for(5)
    assert [m["Subject"] for m in arrived] == [f"Message {n}" for n in (0, 1, 3, 4, 5)]
    # The run went on the open connection; after the 421 the rest went over a new one.
    assert len(set(server.peers[:3])) == 1
    assert len(set(server.peers[3:])) == 1
    assert server.peers[2] != server.peers[3]


def test_messages_go_to_the_capture_folder_one_outcome_each(app, tmp_path):
    app.config.update(MAIL_SERVER="", MAIL_CAPTURE_DIR=str(tmp_path))
    with app.app_context():
        assert list(deliver_each([message(n) for n in range(3)])) == [None, None, None]
    assert len(list(tmp_path.glob("*.eml"))) == 3
