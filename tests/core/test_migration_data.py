"""Migrations carry existing rows forward: each data-changing migration is tried on data."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import upgrade

from groupapp import create_app
from groupapp.db import db
from tests.conftest import base_test_config
from tests.core.test_migrations import empty_database_url  # noqa: F401 - a fixture

BEFORE_ERASED_AT = "c4643cc8013d"
NOW = "2026-11-01 10:00:00+00:00"


def _insert(conn: sa.Connection, sql: str, **values: object) -> None:
    conn.execute(sa.text(sql), values)


def test_people_erased_before_the_column_existed_stay_erased(empty_database_url, tmp_path):  # type: ignore[no-untyped-def] # noqa: F811
    app = create_app(base_test_config(tmp_path, empty_database_url))
    with app.app_context():
        try:
            upgrade(revision=BEFORE_ERASED_AT)
            with db.engine.begin() as conn:
                _insert(
                    conn,
                    "INSERT INTO organisations (id, name, slug, crisis_support_text,"
                    " require_staff_2fa, created_at, updated_at)"
                    " VALUES (1, 'Riverside', 'riverside', '', false, :now, :now)",
                    now=NOW,
                )
                for user_id, email in ((1, "deleted-1@deleted.invalid"), (2, "kept@example.com")):
                    _insert(
                        conn,
                        "INSERT INTO users (id, organisation_id, email, display_name, role,"
                        " timezone, active, session_token, created_at, updated_at)"
                        " VALUES (:id, 1, :email, 'Someone', 'participant', 'UTC', false,"
                        " 'token', :now, :now)",
                        id=user_id,
                        email=email,
                        now=NOW,
                    )
                for request_id, user_id, status in ((1, 1, "completed"), (2, 2, "declined")):
                    _insert(
                        conn,
                        "INSERT INTO deletion_requests (id, organisation_id, user_id, status,"
                        " note, decided_at, created_at, updated_at)"
                        " VALUES (:id, 1, :user_id, :status, '', :now, :now, :now)",
                        id=request_id,
                        user_id=user_id,
                        status=status,
                        now=NOW,
                    )
            upgrade()
            with db.engine.connect() as conn:
                result = conn.execute(sa.text("SELECT id, erased_at FROM users ORDER BY id"))
                rows = {row[0]: row[1] for row in result}
            assert rows[1] is not None
            assert rows[2] is None
        finally:
            db.engine.dispose()
