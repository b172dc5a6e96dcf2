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


def test_upgrade_gives_stored_addresses_their_canonical_form(empty_database_url, tmp_path):
    app = create_app(base_test_config(tmp_path, empty_database_url))
    decomposed, composed = "Zoe\u0308@Example.org", "zo\u00eb@example.org"
    with app.app_context():
        try:
            upgrade(revision="c4643cc8013d")
            with db.engine.begin() as conn:
                _insert_people(conn, [decomposed, "Kim@xn--bcher-kva.example", "ZOË@example.org"])
            upgrade()
            with db.engine.connect() as conn:
                users = dict(conn.execute(sa.text("SELECT id, email FROM users")).all())
                invited = conn.execute(sa.text("SELECT email FROM invitations")).scalars().all()
        finally:
            db.engine.dispose()
    # User 3's canonical form is the older user 1's: accounts are never merged silently.
    assert users == {1: composed, 2: "kim@bücher.example", 3: "ZOË@example.org"}
    assert invited == [composed]


def _insert_people(conn, emails: list[str]) -> None:  # type: ignore[no-untyped-def]
    from groupapp.db import utcnow

    now = utcnow()
    conn.execute(
        sa.text(
            "INSERT INTO organisations (id, name, slug, crisis_support_text, require_staff_2fa,"
            " created_at, updated_at) VALUES (1, 'Org', 'org', '', :no, :now, :now)"
        ),
        {"no": False, "now": now},
    )
    for number, email in enumerate(emails, start=1):
        conn.execute(
            sa.text(
                "INSERT INTO users (id, organisation_id, email, display_name, role, timezone,"
                " active, session_token, created_at, updated_at) VALUES (:id, 1, :email, 'P',"
                " 'participant', 'UTC', :yes, 't', :now, :now)"
            ),
            {"id": number, "email": email, "yes": True, "now": now},
        )
    conn.execute(
        sa.text(
            "INSERT INTO invitations (organisation_id, email, role, nonce, created_at, updated_at,"
            " expires_at) VALUES (1, :email, 'participant', 'n', :now, :now, :now)"
        ),
        {"email": emails[0], "now": now},
    )
