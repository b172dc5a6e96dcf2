"""The append-only audit log."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupapp.db import Model, UTCDateTime, utcnow


class AuditEvent(Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(60))  # e.g. "homework.submission.read"
    object_type: Mapped[str] = mapped_column(sa.String(60))
    object_id: Mapped[str | None] = mapped_column(sa.String(60))
    subject_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    ip_address: Mapped[str | None] = mapped_column(sa.String(64))
    reason: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (
        # The log page: one organisation's newest events, a page at a time (keyset).
        sa.Index("ix_audit_events_org_time", "organisation_id", "occurred_at", "id"),
    )


# On PostgreSQL the database itself refuses to change or remove an audit row, whatever
# code path (or psql session of the app's role) tries. The initial migration runs the same
# two statements (``op.execute``) after creating the table.
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
"""

for _statement in (APPEND_ONLY_FUNCTION, APPEND_ONLY_TRIGGER):
    sa.event.listen(
        AuditEvent.__table__,
        "after_create",
        sa.DDL(_statement).execute_if(dialect="postgresql"),
    )
