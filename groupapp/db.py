"""Declarative base, naming convention and shared column helpers."""

from __future__ import annotations

import select
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (a callable for column defaults)."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    PostgreSQL keeps the zone (timestamptz); SQLite keeps naive UTC text, so the zone is
    attached again on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def read_scalar(statement: sa.Executable, values: Mapping[str, Any]) -> Any:
    """The first column of the first row of ``statement`` with bound ``values`` (None when
    there is no row), read on the session's connection in its transaction.

    For small reads on every request (access checks, gates): the ORM's per-statement work
    (events, entity set-up) is about half the cost of such a read, and they need none of
    it. Pending changes are flushed first, as the session's autoflush would.
    """
    db.session.flush()  # nothing to do, and no statement, when nothing is pending
    return db.session.connection().scalar(statement, values)


# --- pooled connections that PostgreSQL has closed ---------------------------------------


def _closed_by_server(dbapi_connection: Any) -> bool:
    """Whether PostgreSQL has spoken on an idle pooled psycopg connection.

    A connection in the pool is idle: the server sends nothing on it unasked, except when
    it ends it (a restart, ``pg_terminate_backend``, an idle timeout), which leaves its
    termination notice and the end of the stream to read. So a socket with something to
    read is a connection to drop; a poll with no timeout asks the kernel, not the server.
    """
    from psycopg import pq

    pgconn = dbapi_connection.pgconn
    if pgconn.status != pq.ConnStatus.OK:
        return True
    poller = select.poll()
    poller.register(pgconn.socket, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


def _drop_if_closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    if _closed_by_server(dbapi_connection):
        # The pool disposes of the connection and checks out another (SQLAlchemy's
        # documented use of DisconnectionError in a checkout listener).
        raise sa.exc.DisconnectionError("PostgreSQL closed this pooled connection")


def engine_options(database_url: str) -> dict[str, Any]:
    """Engine options for ``database_url``: ``pool_pre_ping`` where nothing cheaper tells
    a dead pooled connection (not psycopg, which ``watch_pooled_connections`` serves,
    and not SQLite, whose file cannot go away between two requests)."""
    url = sa.engine.make_url(database_url)
    watched = url.get_driver_name() == "psycopg" or url.get_backend_name() == "sqlite"
    return {"pool_pre_ping": not watched}


def watch_pooled_connections(engine: sa.Engine) -> None:
    """Check every psycopg connection as it leaves the pool, without a round trip.

    ``pool_pre_ping`` would send a statement and wait for its answer on every checkout,
    that is on every request: one round trip in six on a page served from the cache.
    Instead the socket is polled for what a closing server leaves behind, so the first
    request after PostgreSQL restarts still gets a working connection. Other drivers keep
    the pre-ping (``engine_options``).
    """
    if engine.dialect.driver == "psycopg":
        sa.event.listen(engine, "checkout", _drop_if_closed_by_server)


def keep_prepared_statements(engine: sa.Engine) -> None:
    """End psycopg transactions with a ROLLBACK that keeps the connection's prepared
    statements, so a statement that pages run again and again is parsed and planned once
    per pooled connection, not once per request.

    psycopg prepares a statement on its fifth run on a connection, and forgets every one
    on each ``rollback()``: a statement prepared in the transaction could refer to an
    object the rollback removed. Read-only requests end with a rollback, so nothing ever
    stayed prepared, and the header's counts (one statement of several subqueries) spent
    twice as long being planned as being run. The app changes no schema while serving
    (migrations run on their own), and PostgreSQL plans a prepared statement again when
    a table it reads changes. The ROLLBACK itself is the same command, sent through the
    connection's documented low-level ``pgconn``; anything but a plain idle transaction
    (a query still running, a broken connection) goes through psycopg's own ``rollback``.
    """
    if engine.dialect.driver != "psycopg":
        return
    from psycopg import pq

    ending = (pq.TransactionStatus.INTRANS, pq.TransactionStatus.INERROR)
    rollback = engine.dialect.do_rollback

    def do_rollback(dbapi_connection: Any) -> None:
        pgconn = dbapi_connection.pgconn
        if pgconn.transaction_status in ending:
            result = pgconn.exec_(b"ROLLBACK")
            if result.status == pq.ExecStatus.COMMAND_OK:
                return
        rollback(dbapi_connection)

    engine.dialect.do_rollback = do_rollback  # type: ignore[method-assign]


# Models subclass ``Model``. At run time it is Flask-SQLAlchemy's ``db.Model`` (our Base
# plus table names and the session binding); type checkers cannot follow that dynamic
# class, so they are shown the declarative Base it is built on.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


def one_of(column: sa.orm.QueryableAttribute[int], ids: Collection[int]) -> sa.ColumnElement[bool]:
    """``column IN ids`` for a list that can be long (a scanner's cohorts or meetings).

    PostgreSQL gets the ids as one array parameter (``= ANY(:ids)``), so the statement's
    text and plan stay the same whatever the list's length; SQLite gets a plain ``IN``.
    """
    values = sorted(set(ids))
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == sa.any_(sa.bindparam(None, values, type_=ARRAY(sa.Integer)))
    return column.in_(values)


def rows_table(
    name: str, columns: Sequence[sa.ColumnClause[Any]], rows: Sequence[Sequence[Any]]
) -> sa.FromClause:
    """``rows`` (tuples in the order of ``columns``) as a table named ``name`` to join in
    a statement: a scanner's work list worked out in Python, matched in SQL with stored rows.

    PostgreSQL gets one array parameter per column, unnested, so the statement's text and
    plan stay the same whatever the number of rows (thousands at a busy moment); SQLite
    gets ``WITH name (columns) AS (VALUES ...)`` in the SELECT that reads it. Raises
    ``ValueError`` for no rows (a VALUES list needs one; a caller with nothing to match
    has nothing to ask).
    """
    if not rows:
        raise ValueError(f"no rows for {name}")
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        arrays = [
            sa.bindparam(None, [row[index] for row in rows], type_=ARRAY(column.type))
            for index, column in enumerate(columns)
        ]
        return (
            sa.func.unnest(*arrays)
            .table_valued(*columns)
            .render_derived(name=name, with_types=False)
        )
    # Nested: a statement reading it as a subquery keeps the WITH inside the subquery.
    return sa.values(*columns, name=name).data([tuple(row) for row in rows]).cte(name, nesting=True)


def json_object(values: Mapping[str, sa.ColumnExpressionArgument[Any]]) -> sa.ColumnElement[Any]:
    """SQL: a JSON object with ``values``' keys and each column's value, built in the
    database for rows written by ``INSERT ... SELECT`` (``json_build_object`` on
    PostgreSQL, ``json_object`` on SQLite). Numbers stay numbers, text stays text.
    """
    pairs = [part for key, value in values.items() for part in (sa.literal(key), value)]
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.json_build_object(*pairs, type_=sa.JSON)
    return sa.func.json_object(*pairs, type_=sa.JSON)
