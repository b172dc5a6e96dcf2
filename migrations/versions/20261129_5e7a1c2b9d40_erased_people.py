"""people whose data was erased stay erased

Revision ID: 5e7a1c2b9d40
Revises: c4643cc8013d
Create Date: 2026-11-29 08:45:00

Adds ``users.erased_at`` and fills it for everyone whose deletion request an admin
completed, so an anonymised row can never be reactivated or re-added.
"""

from alembic import op
import sqlalchemy as sa

import groupapp.db


# revision identifiers, used by Alembic.
revision = "5e7a1c2b9d40"
down_revision = "c4643cc8013d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("erased_at", groupapp.db.UTCDateTime(), nullable=True))
    op.execute(
        "UPDATE users SET erased_at = ("
        " SELECT max(deletion_requests.decided_at) FROM deletion_requests"
        " WHERE deletion_requests.user_id = users.id"
        " AND deletion_requests.status = 'completed')"
        " WHERE EXISTS (SELECT 1 FROM deletion_requests"
        " WHERE deletion_requests.user_id = users.id"
        " AND deletion_requests.status = 'completed')"
    )


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("erased_at")
