"""A pooled connection that PostgreSQL ended is dropped before a request uses it.

The pool checks each psycopg connection's socket as it leaves the pool instead of sending
a statement (``groupapp.db.watch_pooled_connections``); these tests end the server side of
every pooled connection, as a restart does, and ask for pages straight after.
"""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from groupapp.db import db, engine_options

_OTHER_BACKENDS = """
    SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend'
      AND pid <> pg_backend_pid()
"""
_END_THEM = """
    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend'
      AND pid <> pg_backend_pid()
"""


def _sessions(end: bool = False) -> set[int]:
    """The server processes of every other session on this test database (it belongs to
    this test process alone), asked from a connection of its own; with ``end``, end them
    and wait until they are gone."""
    engine = sa.create_engine(db.engine.url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        found = set(conn.exec_driver_sql(_OTHER_BACKENDS).scalars())
        if end:
            conn.exec_driver_sql(_END_THEM)
            deadline = time.monotonic() + 10
            while conn.exec_driver_sql(_OTHER_BACKENDS).first() is not None:
                assert time.monotonic() < deadline, "the ended sessions did not go away"
                time.sleep(0.05)
    engine.dispose()
    return found


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has no server to end a connection")


def test_the_first_requests_after_the_server_ended_every_connection_succeed(
    postgres_only, app, client, factories, login
) -> None:  # type: ignore[no-untyped-def]
    facilitator = factories.user("facilitator")
    cohort = factories.cohort(facilitator.organisation, facilitators=[facilitator])
    db.session.commit()
    path, name = f"/cohorts/{cohort.id}", cohort.name
    login(facilitator)
    assert client.get(path).status_code == 200
    db.session.remove()  # the test's own connection goes back to the pool too

    assert _sessions(end=True), "the pool held no connection to end"

    assert client.get("/healthz").get_json()["database"] == "ok"
    page = client.get(path)
    assert page.status_code == 200
    assert name in page.get_data(as_text=True)


def test_live_pooled_connections_are_kept(postgres_only, app, client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/healthz").status_code == 200
    db.session.remove()
    pooled = _sessions()
    for _ in range(5):
        assert client.get("/healthz").get_json()["database"] == "ok"
    db.session.remove()
    assert pooled <= _sessions()


@pytest.mark.parametrize(
    ("url", "pre_ping"),
    [
        ("postgresql+psycopg://app@db.example.org/groupapp", False),
        ("postgresql://app@db.example.org/groupapp", False),
        ("sqlite:////srv/groupapp/groupapp.sqlite", False),
        ("postgresql+psycopg2://app@db.example.org/groupapp", True),
        ("mysql+pymysql://app@db.example.org/groupapp", True),
    ],
)
def test_drivers_without_the_socket_check_keep_the_pre_ping(url: str, pre_ping: bool) -> None:
    assert engine_options(url) == {"pool_pre_ping": pre_ping}
