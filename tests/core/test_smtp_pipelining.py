"""Pipelined envelopes: a server offering PIPELINING gets MAIL FROM, RCPT TO and DATA in
one write and the message after 354; what arrives, and what a refusal raises, is what
``smtplib`` would have given."""

from __future__ import annotations

import smtplib
import socket
import threading
from email.message import EmailMessage
from typing import Any

import pytest

from groupapp.core.mail import deliver, for_the_wire
from groupapp.core.smtp_pipelining import PipeliningSMTP
from tests.support.smtp import SMTPServer, serving


def message(n: int, to: str = "") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "groupapp <no-reply@example.org>"
    msg["To"] = to or f"person{n}@example.org"
    msg["Subject"] = f"Message {n}"
    msg["Message-ID"] = f"<m{n}@groupapp>"
    msg.set_content(f"Hello\n.a line starting with a dot\n{n}")
    return msg


class LoopbackServer:
    """One conversation on a loopback port, played by ``_serve`` in a thread."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._listener.close()
        self._thread.join(timeout=5)


def read_content(lines: Any) -> bytes:
    """A message's lines up to and with its end of data."""
    data = b""
    while not data.endswith(b"\r\n.\r\n"):
        data += lines.readline()
    return data


class ScriptedServer(LoopbackServer):
    """A loopback server that answers only once the whole envelope has arrived.

    A client that waited for the answer to MAIL FROM before sending RCPT TO would get
    no answer at all: the exchange works only if the commands come pipelined.
    """

    def __init__(self, envelope_replies: list[bytes], data_reply: bytes = b"250 OK") -> None:
        self.envelope_replies = envelope_replies
        self.data_reply = data_reply
        self.received: list[bytes] = []
        super().__init__()

    def _serve(self) -> None:
        conn, _ = self._listener.accept()
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 scripted\r\n")
            self.received.append(lines.readline())  # EHLO
            conn.sendall(b"250-scripted\r\n250-SIZE 100000\r\n250 PIPELINING\r\n")
            for _ in self.envelope_replies:
                self.received.append(lines.readline())
            conn.sendall(b"".join(reply + b"\r\n" for reply in self.envelope_replies))
            if self.envelope_replies[-1].startswith(b"354"):
                self.received.append(read_content(lines))
                conn.sendall(self.data_reply + b"\r\n")
            for line in iter(lines.readline, b""):  # RSET, QUIT
                self.received.append(line)
                conn.sendall(b"250 OK\r\n" if line.upper().startswith(b"RSET") else b"221 Bye\r\n")


def test_the_envelope_goes_in_one_write_and_the_message_after_354() -> None:
    server = ScriptedServer([b"250 OK", b"250 OK", b"354 go ahead"])
    wire = for_the_wire(message(1))
    with PipeliningSMTP("127.0.0.1", server.port, timeout=5) as client:
        assert client.sendmail(wire.sender, wire.recipients, wire.data) == {}
    server.close()
    _ehlo, mail_from, rcpt_to, data_command, data = server.received[:5]
    assert mail_from.startswith(b"mail FROM:<no-reply@example.org> size=")
    assert rcpt_to == b"rcpt TO:<person1@example.org>\r\n"
    assert data_command == b"data\r\n"
    # Leading dots doubled and the end mark added, as smtplib's ``data`` sends it.
    assert data == wire.data.replace(b"\r\n.a line", b"\r\n..a line") + b".\r\n"


def test_a_refused_sender_raises_what_smtplib_raises_and_resets() -> None:
    server = ScriptedServer([b"550 not you", b"503 need MAIL first", b"503 no recipients"])
    wire = for_the_wire(message(2))
    with (
        PipeliningSMTP("127.0.0.1", server.port, timeout=5) as client,
        pytest.raises(smtplib.SMTPSenderRefused) as refused,
    ):
        client.sendmail(wire.sender, wire.recipients, wire.data)
    server.close()
    assert refused.value.smtp_code == 550
    assert refused.value.sender == "no-reply@example.org"
    assert any(line.upper().startswith(b"RSET") for line in server.received)


@pytest.fixture(params=[True, False], ids=["pipelining", "lock-step"])
def server(app, request):  # type: ignore[no-untyped-def]
    yield from serving(app, SMTPServer(pipelining=request.param))


def test_messages_arrive_once_with_their_bytes_either_way(app, server) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        for n in range(3):
            deliver(message(n))
    server.wait_for(3)
    assert [raw for _, raw in server.envelopes] == [for_the_wire(message(n)).data for n in range(3)]
    expected = [[f"person{n}@example.org"] for n in range(3)]
    assert [rcpts for rcpts, _ in server.envelopes] == expected


def test_refusals_raise_the_same_errors_either_way(app, server) -> None:  # type: ignore[no-untyped-def]
    server.rcpt_replies["gone@example.org"] = "550 5.1.1 no such user"
    server.fail_next(["451 Greylisted, try later"])
    with app.app_context():
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            deliver(message(1, to="gone@example.org"))
        assert refused.value.recipients == {"gone@example.org": (550, b"5.1.1 no such user")}
        with pytest.raises(smtplib.SMTPDataError) as later:
            deliver(message(2))
        assert later.value.smtp_code == 451
        deliver(message(3))
    assert [m["Subject"] for m in server.wait_for(1)] == ["Message 3"]


class GroupedServer(LoopbackServer):
    """A loopback server that answers a message's end of data only once the next
    message's envelope has arrived too: a client that waited for that answer before
    sending the next envelope would get no answer at all."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.contents: list[bytes] = []
        self.reads: list[list[bytes]] = []  # what arrived before each write of answers
        super().__init__()

    def _serve(self) -> None:
        conn, _ = self._listener.accept()
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 grouped\r\n")
            lines.readline()  # EHLO
            conn.sendall(b"250-grouped\r\n250 PIPELINING\r\n")
            envelope = [lines.readline() for _ in range(3)]
            self.reads.append(envelope)
            conn.sendall(b"250 OK\r\n250 OK\r\n354 go ahead\r\n")
            for n in range(self.count):
                data = read_content(lines)
                self.contents.append(data)
                if n == self.count - 1:
                    self.reads.append([data])
                    conn.sendall(b"250 accepted\r\n")
                    break
                envelope = [lines.readline() for _ in range(3)]
                self.reads.append([data, *envelope])
                conn.sendall(b"250 accepted\r\n250 OK\r\n250 OK\r\n354 go ahead\r\n")
            for _line in iter(lines.readline, b""):  # QUIT
                conn.sendall(b"221 Bye\r\n")


def test_each_message_goes_with_the_next_envelope_one_round_trip_a_message() -> None:
    server = GroupedServer(3)
    wires = [for_the_wire(message(n)) for n in range(3)]
    with PipeliningSMTP("127.0.0.1", server.port, timeout=5) as client:
        assert list(client.sendmail_each(wires)) == [None, None, None]
    server.close()
    assert server.contents == [
        wire.data.replace(b"\r\n.a line", b"\r\n..a line") + b".\r\n" for wire in wires
    ]
    # Four writes of answers for three messages: the first envelope, then one a message.
    assert len(server.reads) == 4
    assert [group[1].startswith(b"mail FROM:") for group in server.reads[1:3]] == [True, True]
    assert server.reads[2][2] == b"rcpt TO:<person2@example.org>\r\n"


def test_an_address_no_server_can_take_is_its_own_message_s_outcome() -> None:
    server = GroupedServer(1)
    bad = for_the_wire(message(1, to="someone@example.org"))
    bad = type(bad)(bad.sender, ["zoë@example.org"], bad.data, ())  # no SMTPUTF8 asked
    with PipeliningSMTP("127.0.0.1", server.port, timeout=5) as client:
        outcomes = list(client.sendmail_each([for_the_wire(message(0)), bad]))
    server.close()
    assert outcomes[0] is None
    assert isinstance(outcomes[1], ValueError)
    assert len(server.contents) == 1
