"""Statements stay prepared across requests, and a rollback still undoes what it should.

psycopg prepares a statement on its fifth run on a connection; the app ends transactions
with a ROLLBACK that leaves those in place (``groupapp.db.keep_prepared_statements``).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from psycopg import pq

from groupapp.accounts.models import User
from groupapp.db import db

_PREPARED = "SELECT statement FROM pg_prepared_statements"


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has no prepared statements on a server")


def test_a_statement_run_again_and_again_stays_prepared_across_transactions(
    postgres_only, app, factories
) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant")
    db.session.commit()
    read = sa.select(User.display_name).where(User.id == sa.bindparam("id"))
    with db.engine.connect() as conn:
        for _ in range(7):  # as requests do: read, then end with a rollback
            assert conn.execute(read, {"id": person.id}).scalar() == person.display_name
            conn.rollback()
        prepared = list(conn.execute(sa.text(_PREPARED)).scalars())
    assert any(statement.startswith("SELECT users.display_name") for statement in prepared)


def test_a_rollback_still_undoes_what_the_transaction_wrote(postgres_only, app, factories) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant", name="Before")
    db.session.commit()
    rename = sa.update(User).where(User.id == person.id).values(display_name="After")
    with db.engine.connect() as conn:
        for _ in range(7):
            assert conn.execute(rename).rowcount == 1
            conn.rollback()
            assert (
                conn.execute(sa.select(User.display_name).where(User.id == person.id)).scalar()
                == "Before"
            )
        prepared = list(conn.execute(sa.text(_PREPARED)).scalars())
        conn.rollback()
    assert any(statement.startswith("UPDATE users") for statement in prepared)
    db.session.expire_all()
    assert db.session.get(User, person.id).display_name == "Before"


def test_a_failed_transaction_is_rolled_back_and_the_connection_works_on(
    postgres_only, app
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(sa.exc.DataError):
        db.session.execute(sa.text("SELECT 1 / 0"))
    connection = db.session.connection().connection.dbapi_connection
    assert connection.pgconn.transaction_status == pq.TransactionStatus.INERROR
    db.session.rollback()
    assert connection.pgconn.transaction_status == pq.TransactionStatus.IDLE
    assert db.session.execute(sa.text("SELECT 2")).scalar() == 2
