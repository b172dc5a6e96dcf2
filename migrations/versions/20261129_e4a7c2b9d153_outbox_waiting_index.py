"""outbox: one partial index over waiting rows instead of status, send_after and kind

Revision ID: e4a7c2b9d153
Revises: c2f8d4a17e90
Create Date: 2026-11-29 16:00:00

The sender's scans (due rows, passed reminders, interrupted sends) read only rows that
are queued or being sent, a few among every message ever written; a partial index on
(send_after, id) over those rows serves them. The indexes on status, send_after and kind
over the whole table served nothing else (the admin outbox page has its own, by
organisation) but cost every insert (scanners write thousands at a busy moment) and both
status changes of every message sent.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e4a7c2b9d153"
down_revision = "c2f8d4a17e90"
branch_labels = None
depends_on = None

WAITING = "status IN ('queued', 'sending')"
DROPPED = (
    ("ix_outbox_messages_status", ["status"]),
    ("ix_outbox_messages_send_after", ["send_after"]),
    ("ix_outbox_messages_kind", ["kind"]),
)


def upgrade():
    op.create_index(
        "ix_outbox_messages_waiting",
        "outbox_messages",
        ["send_after", "id"],
        unique=False,
        postgresql_where=sa.text(WAITING),
        sqlite_where=sa.text(WAITING),
    )
    for name, _columns in DROPPED:
        op.drop_index(name, table_name="outbox_messages")


def downgrade():
    for name, columns in DROPPED:
        op.create_index(name, "outbox_messages", columns, unique=False)
    op.drop_index("ix_outbox_messages_waiting", table_name="outbox_messages")
