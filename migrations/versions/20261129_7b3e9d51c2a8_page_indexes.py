"""indexes for the list pages' orders and lookups

Revision ID: 7b3e9d51c2a8
Revises: 5b7e2a91c0d4
Create Date: 2026-11-29 09:05:00

Each list page reads one page of rows through an index on its order (keyset
pagination), and the cohort page finds agreement acceptances without reading every
consent record. Indexes only: existing rows need no change.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7b3e9d51c2a8"
down_revision = "5b7e2a91c0d4"
branch_labels = None
depends_on = None

WAITING = "status IN ('submitted', 'late')"

INDEXES = (
    ("ix_audit_events_org_time", "audit_events", ["organisation_id", "occurred_at", "id"]),
    ("ix_consent_records_document", "consent_records", ["document", "document_ref", "user_id"]),
    ("ix_meetings_cohort_starts", "meetings", ["cohort_id", "starts_at"]),
    ("ix_outbox_messages_org_id", "outbox_messages", ["organisation_id", "id"]),
    ("ix_outbox_messages_org_status", "outbox_messages", ["organisation_id", "status", "id"]),
    ("ix_outbox_messages_org_kind", "outbox_messages", ["organisation_id", "kind", "id"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.create_index(
        "ix_homework_submissions_waiting",
        "homework_submissions",
        ["submitted_at", "id"],
        unique=False,
        postgresql_where=sa.text(WAITING),
        sqlite_where=sa.text(WAITING),
    )


def downgrade():
    op.drop_index("ix_homework_submissions_waiting", table_name="homework_submissions")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
