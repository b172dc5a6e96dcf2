"""Worker benchmark on the generated clinic: scanners, emails through the worker, memory.

For each ``--scale`` it regenerates the clinic (``bench.clinic``) in PostgreSQL and prints

* each scanner's time and SQL statements, in this process and inside a real Celery
  worker (its own log line), with the rows it offered;
* emails per second through the worker (``--processes`` prefork processes, Redis broker)
  into a local aiosmtpd server running in its own process (``bench.smtp_sink``, offering
  PIPELINING as mail servers do; ``--lock-step-server`` without it), against plain smtplib
  sending the same message's bytes into the same kind of server over one connection; with
  duplicates and losses counted by Message-ID. The worker's time runs from handing the
  rows over to its last mark (the rows' ``sent_at``);
* the peak resident memory (VmHWM) of each Celery pool process.

Run: ``.venv/bin/python -m bench.worker_bench --scale 1 --scale 10 --emails 10000``
(``--database`` or ``BENCH_WORKER_DATABASE_URL``; ``--redis`` or ``BENCH_REDIS_URL``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import redis
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.clinic import bench_app, generate, reset_schema  # noqa: E402
from bench.smtp_sink import Sink  # noqa: E402
from groupapp.accounts.models import User  # noqa: E402
from groupapp.core import outbox  # noqa: E402
from groupapp.db import db, utcnow  # noqa: E402
from groupapp.meetings.models import Meeting  # noqa: E402
from groupapp.notifications.scanning import SCANNERS  # noqa: E402

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_worker"
DEFAULT_REDIS = "redis://127.0.0.1:6379/4"
CELERY = str(ROOT / ".venv" / "bin" / "celery")
SUCCEEDED = re.compile(r"Task groupapp\.(\w+)\[[^\]]+\] succeeded in ([0-9.]+)s")


@dataclass
class ScaleFigures:
    scale: float
    people: int = 0
    generated_s: float = 0.0
    # first run s, then s, statements, rows
    scans: dict[str, tuple[float, float, int, int]] = field(default_factory=dict)
    busy_scans: dict[str, tuple[float, int, int]] = field(default_factory=dict)
    # the next pass at the same busy moment, after the first one's rows were written
    busy_again: dict[str, tuple[float, int, int]] = field(default_factory=dict)
    worker_scans: dict[str, float] = field(default_factory=dict)
    emails: int = 0
    worker_s: float = 0.0
    raw_s: float = 0.0
    duplicates: int = 0
    lost: int = 0
    finished: bool = True  # every row left the queue before the bench stopped waiting
    pool_rss_mb: list[float] = field(default_factory=list)
    # 1-minute load average when each sending phase ended (the machine may be shared)
    worker_load: float = 0.0
    raw_load: float = 0.0


@contextlib.contextmanager
def statements() -> Iterator[list[str]]:
    """Collect the SQL statements run on the app's engine."""
    seen: list[str] = []

    def before(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def _scan(name: str, at: datetime, keep: bool = False) -> tuple[float, int, int]:
    """One run of scanner ``name`` at ``at``, rolled back unless ``keep``: seconds,
    statements, rows."""
    with statements() as seen:
        started = time.perf_counter()
        offered = SCANNERS[name](at)
        elapsed = time.perf_counter() - started
    if not keep:
        db.session.rollback()
    return elapsed, len(seen), offered


def busy_moment() -> datetime:
    """23 hours before the first meeting starting a day from now or later: every meeting
    of that day has its 24-hour reminder current, the most a reminder scan meets."""
    first = db.session.scalar(
        sa.select(sa.func.min(Meeting.starts_at)).where(
            Meeting.status == "scheduled", Meeting.starts_at >= utcnow() + timedelta(days=1)
        )
    )
    return (first or utcnow()) - timedelta(hours=23)


def time_scanners(figures: ScaleFigures) -> None:
    """Each scanner at the current moment (first run, then again as a running worker
    meets it every minute) and at a busy moment, twice (a running worker's next pass
    meets the first one's rows), rolled back (the data stays as it was)."""
    busy = busy_moment()
    for name in SCANNERS:
        first = _scan(name, utcnow())
        figures.scans[name] = (first[0], *_scan(name, utcnow()))
        figures.busy_scans[name] = _scan(name, busy, keep=True)
        figures.busy_again[name] = _scan(name, busy)


def queue_reminders(count: int) -> list[int]:
    """``count`` meeting reminders for the coming meetings' audiences, in one statement.

    Clears the queue first, so the timing covers these rows only.
    """
    db.session.execute(
        sa.update(outbox.OutboxMessage)
        .where(outbox.OutboxMessage.status.in_(("queued", "sending")))
        .values(status="skipped", last_error="benchmark")
    )
    db.session.execute(
        sa.text(
            """
            INSERT INTO outbox_messages (kind, dedupe_key, organisation_id, recipient_id,
                recipient_email, params, status, send_after, attempts, created_at)
            SELECT 'meeting_reminder',
                   'bench:' || m.id || ':' || u.id || ':' || extract(epoch from now()),
                   u.organisation_id, u.id, u.email,
                   json_build_object('meeting_id', m.id,
                       'starts_at', to_char(m.starts_at AT TIME ZONE 'UTC',
                                            'YYYY-MM-DD"T"HH24:MI:SS+00:00'),
                       'minutes', 1440),
                   'queued', now(), 0, now()
            FROM meetings m
            JOIN memberships ms ON ms.cohort_id = m.cohort_id AND ms.status = 'active'
            JOIN users u ON u.id = ms.user_id
            WHERE m.status = 'scheduled' AND m.starts_at > now() + interval '1 hour'
            ORDER BY m.starts_at, m.id, u.id  -- as a scan writes them: meeting by meeting
            LIMIT :count
            """
        ),
        {"count": count},
    )
    db.session.commit()
    return list(
        db.session.scalars(
            sa.select(outbox.OutboxMessage.id)
            .where(outbox.OutboxMessage.status == "queued")
            .order_by(outbox.OutboxMessage.id)
        )
    )


def _queued() -> int:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(outbox.OutboxMessage)
        .where(outbox.OutboxMessage.status.in_(("queued", "sending")))
    )


def _last_mark(ids: list[int]) -> datetime:
    """When the worker wrote the last outcome of the rows ``ids`` (sent, or another)."""
    row = outbox.OutboxMessage
    last: datetime = db.session.scalar(
        sa.select(sa.func.max(sa.func.coalesce(row.sent_at, utcnow()))).where(row.id.in_(ids))
    )
    return last


def _in_flight() -> int:
    """Rows a worker holds or was handed and has not sent yet."""
    db.session.expire_all()
    row = outbox.OutboxMessage
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(row)
        .where(
            sa.or_(
                row.status == "sending",
                sa.and_(row.status == "queued", row.handed_at.is_not(None)),
            )
        )
    )


def wait(check: Callable[[], bool], timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()


def pool_rss_mb(parent: int) -> list[float]:
    """Peak resident memory (VmHWM) of each child of ``parent``, in MB."""
    found = []
    for pid in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                found.append(int(line.split()[1]) / 1024)
    return found


def start_worker(
    database: str, broker: str, smtp: Sink, processes: int, log: Path
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": broker,
        "MAIL_SERVER": smtp.host,
        "MAIL_PORT": str(smtp.port),
        "SECRET_KEY": "bench-worker",
        "BASE_URL": "http://127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603  (our own celery, fixed arguments)
            [CELERY, "-A", "worker.celery_app", "worker", "--loglevel=INFO", "--pool=prefork",
             f"--concurrency={processes}", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    if not wait(lambda: b" ready." in log.read_bytes(), 60):
        raise RuntimeError(log.read_text())
    return process


def through_worker(app: Any, args: argparse.Namespace, figures: ScaleFigures) -> bytes | None:
    """Scanners, then ``args.emails`` reminders, through a real worker; returns one email
    as the server received it."""
    smtp = Sink(pipelining=not args.lock_step_server)
    smtp.start()
    redis.Redis.from_url(args.redis).flushdb()
    log = Path(tempfile.mkstemp(prefix="worker-bench-", suffix=".log")[1])
    process = start_worker(args.database, args.redis, smtp, args.processes, log)
    try:
        celery = app.extensions["celery"]
        for name in SCANNERS:
            celery.send_task(f"groupapp.{name}")
        wait(lambda: len(SUCCEEDED.findall(log.read_text())) >= len(SCANNERS), 600)
        figures.worker_scans = {
            name: float(seconds)
            for name, seconds in SUCCEEDED.findall(log.read_text())
            if name in SCANNERS
        }
        # What the scanners handed over has gone out (a scan hands over a batch of its
        # rows; beat's outbox scan would hand over the rest, a minute at a time).
        wait(lambda: _in_flight() == 0, 600)
        figures.pool_rss_mb = pool_rss_mb(process.pid)
        if not args.emails:
            return None
        ids = queue_reminders(args.emails)
        expected = {outbox.OutboxMessage.message_id_for(key) for key in _keys(ids)}
        smtp.clear()
        started = utcnow()
        outbox.hand_over_many(ids)
        # The time ends at the worker's last mark (the rows' sent_at), not when a poll
        # noticed it: polling can then be slow enough to leave the worker the machine.
        figures.finished = wait(lambda: _queued() == 0, 900, step=0.5)
        figures.worker_s = (_last_mark(ids) - started).total_seconds()
        figures.worker_load = os.getloadavg()[0]
        figures.emails = len(ids)
        figures.pool_rss_mb = pool_rss_mb(process.pid)
        arrived = smtp.received()
        figures.duplicates = sum(n - 1 for mid, n in arrived.items() if mid in expected)
        figures.lost = len(expected - set(arrived))
        sample = smtp.sample()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        smtp.stop()
    return sample


def _keys(ids: list[int]) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(outbox.OutboxMessage.dedupe_key).where(outbox.OutboxMessage.id.in_(ids))
        )
    )


def raw_smtp(sample: bytes, count: int, pipelining: bool = True) -> float:
    """Seconds for plain smtplib to send ``sample`` (a whole message's bytes) ``count``
    times over one connection: the SMTP exchange alone, nothing built or flattened.
    (smtplib waits for each answer whether or not the server offers PIPELINING.)"""
    smtp = Sink(pipelining=pipelining)
    smtp.start()
    try:
        started = time.perf_counter()
        with smtplib.SMTP(smtp.host, smtp.port) as client:
            for _ in range(count):
                client.sendmail("bench@example.org", ["to@example.org"], sample)
        if not smtp.wait_for(count, timeout=120):
            raise RuntimeError(f"plain smtplib: {smtp.count()} of {count} messages arrived")
        return time.perf_counter() - started
    finally:
        smtp.stop()


def run_scale(args: argparse.Namespace, scale: float) -> ScaleFigures:
    figures = ScaleFigures(scale)
    os.environ["CELERY_BROKER_URL"] = args.redis
    app = bench_app(args.database)
    app.config.update(MAIL_DISPATCH="celery")
    with app.app_context():
        if args.reuse:  # the clinic already in the database (generated at this scale)
            figures.people = db.session.scalar(sa.select(sa.func.count()).select_from(User))
        else:
            reset_schema()
            clinic = generate(scale)
            figures.generated_s = clinic.seconds
            figures.people = clinic.counts["users"]
        time_scanners(figures)
        sample = through_worker(app, args, figures)
    if sample:
        figures.raw_s = raw_smtp(sample, figures.emails, not args.lock_step_server)
        figures.raw_load = os.getloadavg()[0]
    return figures


def report(results: list[ScaleFigures]) -> None:
    for f in results:
        print(f"\n## scale {f.scale:g}: {f.people:,} people (generated in {f.generated_s:.0f} s)")
        print(
            "| scanner | first run s | s | statements | rows | s at a busy moment | rows "
            "| statements | next pass s | rows | first run s in the worker |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for name, (first, seconds, count, rows) in f.scans.items():
            busy_s, busy_count, busy_rows = f.busy_scans[name]
            again_s, _again_count, again_rows = f.busy_again[name]
            in_worker = f.worker_scans.get(name)
            shown = f"{in_worker:.2f}" if in_worker is not None else "-"
            print(
                f"| {name} | {first:.2f} | {seconds:.2f} | {count} | {rows:,} | {busy_s:.2f} "
                f"| {busy_rows:,} | {busy_count} | {again_s:.2f} | {again_rows:,} | {shown} |"
            )
        rate = f.emails / f.worker_s if f.worker_s else 0.0
        raw = f.emails / f.raw_s if f.raw_s else 0.0
        share = 100 * rate / raw if raw else 0.0
        print(
            f"\nemails: {f.emails:,} through the worker in {f.worker_s:.1f} s = {rate:.0f}/s; "
            f"plain smtplib {raw:.0f}/s; worker at {share:.0f}% of raw; "
            f"{f.duplicates} duplicates, {f.lost} lost"
            + ("" if f.finished else " (still queued when the bench stopped waiting)")
            + f"; load average {f.worker_load:.1f} after the worker, {f.raw_load:.1f} after smtplib"
        )
        peaks = ", ".join(f"{mb:.0f} MB" for mb in f.pool_rss_mb)
        print(f"Celery pool processes, peak resident memory: {peaks}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=float, action="append")
    parser.add_argument("--emails", type=int, default=2000, help="0: scanners only")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the clinic in the database (one --scale)"
    )
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_WORKER_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument(
        "--lock-step-server",
        action="store_true",
        help="the SMTP server does not offer PIPELINING (each command waits for its answer)",
    )
    args = parser.parse_args()
    results = [run_scale(args, scale) for scale in args.scale or [1.0]]
    report(results)


if __name__ == "__main__":
    main()
