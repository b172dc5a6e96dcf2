"""one consent record per person, document and version

Revision ID: 8b3f6d2e1a57
Revises: 8b3f1d6e2a57
Create Date: 2026-11-29 09:10:00

Accepting the same version twice at once (two tabs) stored two rows. Existing repeats
are folded into the earliest acceptance, then a unique constraint keeps it so.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "8b3f6d2e1a57"
down_revision = "8b3f1d6e2a57"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "DELETE FROM consent_records WHERE id NOT IN ("
        " SELECT min(id) FROM consent_records"
        " GROUP BY user_id, document, document_ref, version)"
    )
    with op.batch_alter_table("consent_records") as batch_op:
        batch_op.create_unique_constraint(
            op.f("uq_consent_records_user_id"), ["user_id", "document", "document_ref", "version"]
        )


def downgrade():
    with op.batch_alter_table("consent_records") as batch_op:
        batch_op.drop_constraint(op.f("uq_consent_records_user_id"), type_="unique")
