"""A real Celery worker (and beat) as subprocesses, on a SQLite file both sides open.

Each test gets its own database file, a fresh Redis database (TEST_REDIS_URL's) or
embedded filesystem broker folder, and the aiosmtpd server. Subprocesses are always
killed at the end, whatever happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from flask import Flask

from groupapp import create_app
from groupapp.config import load_settings
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from tests.conftest import base_test_config, skip_or_fail
from tests.support.parallel import REDIS_URL, own_database
from tests.support.smtp import SMTPServer, _Handler

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(ROOT / ".venv" / "bin" / "celery")
# A database of its own: the in-process tests empty theirs between tests (and under
# pytest-xdist, one per process: see tests/support/parallel.py).
WORKER_PG_URL = own_database(
    os.environ.get(
        "TEST_WORKER_DATABASE_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/groupapp_worker_celery",
    )
)

pytestmark = pytest.mark.worker


class _SlowHandler(_Handler):
    async def handle_DATA(self, smtp, session, envelope):  # type: ignore[no-untyped-def]
        await asyncio.sleep(self.server.delay)
        return await super().handle_DATA(smtp, session, envelope)


class SlowSMTPServer(SMTPServer):
    """The same real server, taking ``delay`` seconds per message (to kill mid-batch),
    offering PIPELINING as production mail servers do."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__(pipelining=True)
        self.delay = delay
        self._controller.handler = _SlowHandler(self)


class Stack:
    """The database, broker and mail server a worker subprocess shares with the test."""

    def __init__(
        self, tmp: Path, broker: str, smtp: SlowSMTPServer, database_url: str | None = None
    ) -> None:
        self.tmp = tmp
        self.smtp = smtp
        self.database_url = database_url or f"sqlite:///{tmp / 'worker.sqlite'}"
        self.broker_url = REDIS_URL if broker == "redis" else "filesystem://"
        self.folder = str(tmp / "broker")
        self.processes: list[subprocess.Popen[bytes]] = []
        self.apps: list[Flask] = []
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_FILESYSTEM_FOLDER": self.folder,
            "MAIL_SERVER": smtp.host,
            "MAIL_PORT": str(smtp.port),
            "SECRET_KEY": "worker-test-secret",
            "BASE_URL": "http://localhost",
            "OUTBOX_RETRY_BASE_SECONDS": "0.2",
            "OUTBOX_SENDING_TIMEOUT_SECONDS": "2",
            "BEAT_INTERVAL_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
        }

    def app(self, broker_url: str | None = None, **settings: object) -> Flask:
        """An app in this process on the same database and broker, dispatching to Celery
        (``settings`` override any of its config)."""
        url = broker_url or self.broker_url
        options: dict[str, object] = {"visibility_timeout": 3600}
        if url.startswith("filesystem://"):
            for sub in ("in", "processed"):
                os.makedirs(os.path.join(self.folder, sub), exist_ok=True)
            options = {
                "data_folder_in": f"{self.folder}/in",
                "data_folder_out": f"{self.folder}/in",
                "processed_folder": f"{self.folder}/processed",
                "store_processed": False,
            }
        config = base_test_config(self.tmp, self.database_url)
        base = load_settings(str(self.tmp / "instance"), {"CELERY_BROKER_URL": url})["CELERY"]
        config.update(
            # No pool: every connection closes when its session ends (no stray sockets).
            SQLALCHEMY_ENGINE_OPTIONS={"poolclass": sa.pool.NullPool},
            MAIL_DISPATCH="celery",
            MAIL_SERVER=self.smtp.host,
            MAIL_PORT=self.smtp.port,
            CELERY={
                **base,
                "broker_url": url,
                "broker_transport_options": options,
            },
        )
        config.update(settings)
        app = create_app(config)
        self.apps.append(app)
        return app

    def start(self, *args: str, name: str = "worker") -> subprocess.Popen[bytes]:
        with open(self.tmp / f"{name}-{len(self.processes)}.log", "wb") as log:
            process = subprocess.Popen(
                [CELERY, "-A", "worker.celery_app", *args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process.log_path = log.name  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def worker(self, *extra: str, wait: bool = True) -> subprocess.Popen[bytes]:
        process = self.start(
            "worker", "--loglevel=INFO", "--without-gossip", "--without-mingle", *extra
        )
        if wait:
            self.wait_ready(process)
        return process

    def beat(self, index: int = 0) -> subprocess.Popen[bytes]:
        schedule = self.tmp / f"beat-schedule-{index}"
        return self.start("beat", "--loglevel=INFO", f"--schedule={schedule}", name="beat")

    def wait_ready(self, process: subprocess.Popen[bytes], timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b" ready." in Path(process.log_path).read_bytes():  # type: ignore[attr-defined]
                return
            if process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(Path(process.log_path).read_text())  # type: ignore[attr-defined]

    def kill(self, process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
                self.kill(process)


@pytest.fixture
def smtp() -> Iterator[SlowSMTPServer]:
    server = SlowSMTPServer()
    server.start()
    yield server
    server.stop()


def _stack(
    tmp_path: Path, smtp: SlowSMTPServer, broker: str, database_url: str | None = None
) -> Iterator[Stack]:
    if broker == "redis":
        try:
            redis.Redis.from_url(REDIS_URL, socket_timeout=2).flushdb()
        except redis.RedisError as exc:
            skip_or_fail(f"Redis not reachable at {REDIS_URL}: {exc}")
    stack = Stack(tmp_path, broker, smtp, database_url)
    app = stack.app()
    with app.app_context():
        if database_url:
            try:
                db.drop_all()
            except sa.exc.OperationalError as exc:
                skip_or_fail(f"PostgreSQL not reachable for the worker tests: {exc}")
        db.create_all()
    try:
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture
def stack(tmp_path: Path, smtp: SlowSMTPServer) -> Iterator[Stack]:
    """Redis broker (production's), SQLite file."""
    yield from _stack(tmp_path, smtp, "redis")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_stack(request, tmp_path: Path, smtp: SlowSMTPServer) -> Iterator[Stack]:  # type: ignore[no-untyped-def]
    """Redis broker on each database (for the cheap tests)."""
    url = WORKER_PG_URL if request.param == "postgresql" else None
    yield from _stack(tmp_path, smtp, "redis", url)


@pytest.fixture
def fs_stack(tmp_path: Path, smtp: SlowSMTPServer) -> Iterator[Stack]:
    """The embedded filesystem broker (a laptop's)."""
    yield from _stack(tmp_path, smtp, "filesystem")


def wait_until(check, timeout: float = 15.0, step: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return bool(check())


def statuses() -> Counter[str]:
    """How many outbox rows are in each status, read afresh."""
    db.session.expire_all()
    return Counter(db.session.scalars(sa.select(OutboxMessage.status)))
