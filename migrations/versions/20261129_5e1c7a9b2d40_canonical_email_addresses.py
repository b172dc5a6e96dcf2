"""canonical email addresses

Every stored address takes the one canonical form of ``groupapp.core.addresses``
(Unicode NFC, lower case, the domain's IDNA-normalised form), so an address typed with a
decomposed letter or an ASCII (xn--) domain finds the same person. No schema change.

A row whose canonical form an older row of a unique column already holds keeps its
spelling (two accounts cannot be merged by a migration); it is listed in the log.

Revision ID: 5e1c7a9b2d40
Revises: 8b3f6d2e1a57
Create Date: 2026-11-29 09:00:00

"""

import logging

import sqlalchemy as sa
from alembic import op

from groupapp.core.addresses import canonical_email

revision = "5e1c7a9b2d40"
down_revision = "8b3f6d2e1a57"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

# (table, column, whether the column is unique)
ADDRESS_COLUMNS = (
    ("users", "email", True),
    ("invitations", "email", False),
    ("undeliverable_addresses", "email", True),
    ("outbox_messages", "recipient_email", False),
)


def upgrade():
    conn = op.get_bind()
    # Table and column names come from ADDRESS_COLUMNS above, never from input (B608).
    for table, column, unique in ADDRESS_COLUMNS:
        query = f"SELECT id, {column} FROM {table} ORDER BY id"  # nosec B608
        rows = conn.execute(sa.text(query)).all()
        taken = {address for _, address in rows}
        changes = []
        for row_id, address in rows:
            canonical = canonical_email(address)
            if canonical == address:
                continue
            if unique and canonical in taken:
                log.warning("%s %s keeps its address: its canonical form is taken", table, row_id)
                continue
            taken.add(canonical)
            changes.append({"id": row_id, "address": canonical})
        if changes:
            conn.execute(
                sa.text(f"UPDATE {table} SET {column} = :address WHERE id = :id"),  # nosec B608
                changes,
            )


def downgrade():
    # The canonical forms are the same addresses; there is nothing to undo.
    pass
