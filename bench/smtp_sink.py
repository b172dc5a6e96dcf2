"""An SMTP server in a process of its own that counts what it receives by Message-ID.

A real mail server runs apart from the programs that send to it. Run inside the
benchmark's process, the server would share one interpreter lock with the benchmark's
own polling and become the bottleneck of whatever it measures; here it keeps only what
the figures need (how often each Message-ID arrived, and the first message's bytes), so
the worker and plain smtplib meet the same, cheap server.

``Sink`` starts ``python -m bench.smtp_sink`` and talks to it over its standard input and
output, one line per command: ``count`` (messages received), ``ids`` (JSON: Message-ID ->
times received), ``sample`` (the first message, base64), ``clear``.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)


def message_id_of(raw: bytes) -> str:
    """The Message-ID header of ``raw`` (a whole message), unfolded; ``""`` when absent."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    found = _MESSAGE_ID.search(head)
    if found is None:
        return ""
    return b"".join(found.group(1).split()).decode("ascii", "replace")


class _Counting:
    """The aiosmtpd handler: counts each message under its Message-ID, keeps the first."""

    def __init__(self, pipelining: bool = True) -> None:
        self.pipelining = pipelining
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.total = 0
        self.first: bytes | None = None

    async def handle_EHLO(
        self, _server: object, session: Any, _envelope: object, hostname: str, responses: list[str]
    ) -> list[str]:
        """Offer PIPELINING as mail servers do (Postfix, Exim, the large providers)."""
        session.host_name = hostname
        if self.pipelining:
            return [*responses[:-1], "250-PIPELINING", responses[-1]]
        return responses

    async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:
        raw: bytes = getattr(envelope, "original_content", None) or b""
        with self.lock:
            self.received[message_id_of(raw)] += 1
            self.total += 1
            if self.first is None:
                self.first = raw
        return "250 Message accepted for delivery"

    def answer(self, command: str) -> str:
        with self.lock:
            if command == "count":
                return str(self.total)
            if command == "ids":
                return json.dumps(self.received)
            if command == "sample":
                return base64.b64encode(self.first or b"").decode("ascii")
            if command == "clear":
                self.received.clear()
                self.total, self.first = 0, None
                return "ok"
        return f"unknown command {command!r}"


def serve(
    host: str, port: int, commands: IO[str], answers: IO[str], pipelining: bool = True
) -> None:
    """Serve SMTP on ``host:port`` until ``commands`` ends, answering each command line.

    ``pipelining``: offer PIPELINING (RFC 2920) in the EHLO answer, as mail servers do.
    """
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every line
    handler = _Counting(pipelining)
    controller = Controller(handler, hostname=host, port=port)
    controller.start()
    try:
        answers.write("ready\n")
        answers.flush()
        for line in commands:
            answers.write(handler.answer(line.strip()) + "\n")
            answers.flush()
    finally:
        controller.stop()


class Sink:
    """The counting server as a child process on ``host`` and a free port."""

    def __init__(self, host: str = "127.0.0.1", *, pipelining: bool = True) -> None:
        from tests.support.smtp import free_port

        self.host = host
        self.pipelining = pipelining
        self.port = free_port()
        self._process: subprocess.Popen[str] | None = None
        self._commands: IO[str] = io.StringIO()
        self._answers: IO[str] = io.StringIO()

    def start(self) -> None:
        process = subprocess.Popen(  # noqa: S603  (this module, fixed arguments)
            [sys.executable, "-m", "bench.smtp_sink", self.host, str(self.port),
             "pipelining" if self.pipelining else "lock-step"],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self._process = process
        self._commands, self._answers = process.stdin, process.stdout  # type: ignore[assignment]
        if self._answers.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")

    def stop(self) -> None:
        """End the server (it stops when its command stream closes)."""
        if self._process is None:
            return
        self._commands.close()
        self._process.wait(timeout=30)
        self._answers.close()
        self._process = None

    def _ask(self, command: str) -> str:
        self._commands.write(command + "\n")
        self._commands.flush()
        return self._answers.readline().strip()

    def count(self) -> int:
        """Messages received since the start or the last ``clear``."""
        return int(self._ask("count"))

    def received(self) -> Counter[str]:
        """How many times each Message-ID arrived."""
        return Counter(json.loads(self._ask("ids")))

    def sample(self) -> bytes:
        """The first message received, exactly as it arrived (``b""`` when none did)."""
        return base64.b64decode(self._ask("sample"))

    def clear(self) -> None:
        self._ask("clear")

    def wait_for(self, count: int, timeout: float, step: float = 0.05) -> bool:
        """Wait until at least ``count`` messages arrived; False when ``timeout`` s passed."""
        deadline = time.monotonic() + timeout
        while self.count() < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(step)
        return True


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), sys.stdin, sys.stdout, sys.argv[3:] != ["lock-step"])
