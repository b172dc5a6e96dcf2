"""``flask db upgrade`` on an empty database builds exactly the schema the models declare."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from groupapp import create_app
from groupapp.db import db
from tests.conftest import PG_URL, base_test_config


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    name = f"groupapp_migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(PG_URL).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_builds_the_declared_schema_and_downgrade_removes_it(empty_database_url, tmp_path):
    app = create_app(base_test_config(tmp_path, empty_database_url))
    with app.app_context():
        try:
            _check_upgrade_and_downgrade()
        finally:
            db.engine.dispose()


def _check_upgrade_and_downgrade() -> None:
    upgrade()
    with db.engine.connect() as conn:
        differences = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
        )
    summary = "; ".join(f"{d[0]} {getattr(d[1], 'name', '')}" for d in differences if d)
    hint = "run scripts/new-initial-migration"
    assert differences == [], f"migrations and models disagree ({hint}): {summary}"
    if db.engine.dialect.name == "postgresql":
        _check_audit_rows_cannot_change()
    downgrade(revision="base")
    with db.engine.connect() as conn:
        left = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
    assert left == set()


def _check_audit_rows_cannot_change() -> None:
    """The migrated database refuses to edit the audit log, whatever the code path."""
    with db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_events (occurred_at, action, object_type) "
                "VALUES (now(), 'test.read', 'Thing')"
            )
        )
    for statement in ("UPDATE audit_events SET action = 'changed'", "DELETE FROM audit_events"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.engine.begin() as conn:
            conn.execute(sa.text(statement))
