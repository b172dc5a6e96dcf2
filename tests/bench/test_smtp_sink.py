"""The worker benchmark's SMTP server: its own process, counting messages by Message-ID."""

from __future__ import annotations

import smtplib

import pytest

from bench.smtp_sink import Sink, message_id_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"Subject: a\r\nMessage-ID: <1@groupapp>\r\n\r\nbody", "<1@groupapp>"),
        (b"message-id:\r\n <folded@groupapp>\r\nTo: x\r\n\r\n", "<folded@groupapp>"),
        (b"Subject: a\r\n\r\nMessage-ID: <in-the-body@x>\r\n", ""),
        (b"X-Message-ID: <other@x>\r\n\r\n", ""),
    ],
)
def test_the_message_id_is_read_from_the_headers_only(raw: bytes, expected: str) -> None:
    assert message_id_of(raw) == expected


def _message(n: int) -> bytes:
    return f"Subject: {n}\r\nMessage-ID: <{n}@groupapp>\r\n\r\nHello {n}\r\n".encode()


def test_the_sink_counts_every_arrival_by_message_id() -> None:
    sink = Sink()
    sink.start()
    try:
        with smtplib.SMTP(sink.host, sink.port) as client:
            for n in (1, 2, 2, 3):
                client.sendmail("bench@example.org", ["to@example.org"], _message(n))
        assert sink.wait_for(4, timeout=10)
        assert sink.received() == {"<1@groupapp>": 1, "<2@groupapp>": 2, "<3@groupapp>": 1}
        assert sink.sample() == _message(1)
        sink.clear()
        assert (sink.count(), sink.received(), sink.sample()) == (0, {}, b"")
        assert not sink.wait_for(1, timeout=0.2)
    finally:
        sink.stop()
