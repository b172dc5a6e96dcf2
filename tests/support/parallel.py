"""Services of their own for each pytest-xdist process (``pytest -n 2``).

xdist names its processes ``gw0``, ``gw1``... in ``PYTEST_XDIST_WORKER``. Each gets its own
PostgreSQL databases (the configured name plus ``_gw0``), its own Redis database (the
configured number plus the process's index) and, through pytest's per-process temporary
folders, its own SQLite files. Servers the tests start (SMTP, the live app, gunicorn) take
a port the kernel hands out, so they never clash. Without xdist every name is unchanged.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
REDIS_DATABASES = 16  # Redis' default number of databases (0-15)


def worker_index() -> int:
    """This process's xdist index (``gw1`` -> 1); 0 when the run is not parallel."""
    return int(WORKER[2:]) if WORKER.startswith("gw") else 0


def own_database(url: str) -> str:
    """``url`` with this process's suffix on the database name (``test`` -> ``test_gw0``).

    On PostgreSQL the database is created when it is missing, so a parallel run needs no
    set-up beyond the configured database; if that fails (no server, no right to create),
    the tests' own reachability check names the problem.
    """
    if not WORKER:
        return url
    parsed = sa.engine.make_url(url)
    own = parsed.set(database=f"{parsed.database}_{WORKER}")
    if parsed.get_backend_name() == "postgresql":
        _create_if_missing(parsed, str(own.database))
    return own.render_as_string(hide_password=False)


def _create_if_missing(server: sa.URL, name: str) -> None:
    """Create database ``name`` on ``server``'s PostgreSQL unless it exists; errors ignored."""
    engine = sa.create_engine(
        server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if exists is None:
                quoted = conn.dialect.identifier_preparer.quote_identifier(name)
                conn.execute(sa.text(f"CREATE DATABASE {quoted}"))
    except sa.exc.SQLAlchemyError:
        pass
    finally:
        engine.dispose()


def own_redis(url: str) -> str:
    """``url`` moved to this process's Redis database: the number in ``url`` plus the index.

    Raises ValueError when that passes Redis' last database (configure a lower number).
    """
    parts = urlsplit(url)
    number = parts.path.strip("/")
    database = (int(number) if number.isdigit() else 0) + worker_index()
    if database >= REDIS_DATABASES:
        raise ValueError(f"Redis database {database} for {WORKER} is past the last one ({url})")
    return urlunsplit(parts._replace(path=f"/{database}"))


# Redis for the tests that need one (the Celery broker, the shared rate limits). One
# database serves them all: the tests of one process run one after another, and each
# empties it first.
REDIS_URL = own_redis(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"))
