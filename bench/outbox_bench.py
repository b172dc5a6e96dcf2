"""Outbox and scanner benchmark: throughput and SQL statements at two data sizes.

Run: ``.venv/bin/python bench/outbox_bench.py``. Uses a temporary SQLite file and the mail
capture folder (no SMTP), and prints figures as ratios between the two sizes measured in
the same run, so they compare across machines.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from groupapp import create_app
from groupapp import models as _models  # noqa: F401  (loads the schema in order)
from groupapp.accounts.models import User
from groupapp.core import outbox
from groupapp.db import db
from groupapp.notifications.scanning import SCANNERS
from tests.notifications.test_query_counts import NOW, build
from tests.support.factories import Factories

SIZES = ((2, 4), (8, 16))  # (cohorts, members per cohort)


def count_statements(fn) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    statements = []

    def before(*_args):  # type: ignore[no-untyped-def]
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    started = time.perf_counter()
    try:
        fn()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)
    return len(statements), time.perf_counter() - started


def send_all() -> tuple[int, float]:
    ids = list(
        db.session.scalars(
            sa.select(outbox.OutboxMessage.id).where(outbox.OutboxMessage.status == "queued")
        )
    )
    started = time.perf_counter()
    for message_id in ids:
        with contextlib.suppress(outbox.RetryLater):
            outbox.send_message(message_id)
    return len(ids), time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                "SECRET_KEY": "bench",
                "MAIL_DISPATCH": "inline",
                "MAIL_SERVER": "",
                "MAIL_CAPTURE_DIR": f"{tmp}/mail",
                "BASE_URL": "http://localhost",
            }
        )
        results = []
        with app.app_context():
            db.create_all()
            factories = Factories()
            built = (0, 0)
            for cohorts, members in SIZES:
                build(factories, cohorts - built[0], members)
                built = (cohorts, members)
                counts = {}
                for name, scanner in SCANNERS.items():
                    counts[name] = count_statements(lambda s=scanner: s(NOW))
                    db.session.rollback()
                # Rows for sending: the scanners at a moment when their rows are still live.
                for scanner in SCANNERS.values():
                    scanner(datetime.now(UTC) - timedelta(seconds=1))
                for scanner in SCANNERS.values():
                    scanner(NOW)
                db.session.execute(sa.update(outbox.OutboxMessage).values(expires_at=None))
                db.session.commit()
                sent, seconds = send_all()
                people = db.session.scalar(sa.select(sa.func.count()).select_from(User))
                results.append((people, counts, sent, seconds))
        (small_people, small, small_sent, small_s), (big_people, big, big_sent, big_s) = results
        print(f"data: {small_people} -> {big_people} people ({big_people / small_people:.1f}x)")
        print("scanner            statements small/big  time ratio big/small")
        for name in SCANNERS:
            (s_n, s_t), (b_n, b_t) = small[name], big[name]
            print(f"{name:24} {s_n:>4} / {b_n:<4}        {b_t / s_t if s_t else 0:5.2f}x")
        small_rate, big_rate = small_sent / small_s, big_sent / big_s
        print(
            f"send_message: {small_sent} and {big_sent} messages; per-message time big/small "
            f"{(big_s / big_sent) / (small_s / small_sent):.2f}x "
            f"(throughput {small_rate:.0f}/s and {big_rate:.0f}/s on this machine)"
        )


if __name__ == "__main__":
    main()
