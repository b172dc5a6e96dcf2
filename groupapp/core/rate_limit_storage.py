"""Rate-limit counters in a SQLite file, for installs without Redis.

Flask-Limiter keeps its counters in a ``limits`` storage. Production uses Redis; the
embedded defaults (a laptop, ``scripts/run``) have no Redis, and process memory forgets
every counter on restart, so a guesser could reset the login limits by crashing or
waiting out a deploy. ``limits`` ships no storage on local disk, so this one keeps
fixed-window counters in a small SQLite file in the instance folder, shared by every
process on the machine. Select it with ``RATELIMIT_STORAGE_URI=groupapp+sqlite:///<path>``.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from typing import Any

from limits.storage import Storage

SCHEME = "groupapp+sqlite"
_PURGE_CHANCE = 0.01  # about one write in a hundred also drops expired counters


class SQLiteStorage(Storage):
    """Fixed-window counters (the strategy groupapp uses) in one SQLite table."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        self.path = uri.split("://", 1)[1]
        self._local = threading.local()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._db().execute(
            "CREATE TABLE IF NOT EXISTS counters "
            "(key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires REAL NOT NULL)"
        )

    def _db(self) -> sqlite3.Connection:
        # One connection per thread: sqlite3 connections must not cross threads.
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add ``amount`` to the counter; a counter past its window starts again."""
        now = time.time()
        conn = self._db()
        if random.random() < _PURGE_CHANCE:  # noqa: S311  # nosec B311: housekeeping only
            conn.execute("DELETE FROM counters WHERE expires <= ?", (now,))
        row = conn.execute(
            "INSERT INTO counters (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET "
            "value = CASE WHEN expires <= ? THEN excluded.value ELSE value + excluded.value END, "
            "expires = CASE WHEN expires <= ? THEN excluded.expires ELSE expires END "
            "RETURNING value",
            (key, amount, now + expiry, now, now),
        ).fetchone()
        return int(row[0])

    def get(self, key: str) -> int:
        row = (
            self._db()
            .execute("SELECT value FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = (
            self._db()
            .execute("SELECT expires FROM counters WHERE key = ? AND expires > ?", (key, now))
            .fetchone()
        )
        return float(row[0]) if row else now

    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
