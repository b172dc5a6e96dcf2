"""each person's language for pages and email

Revision ID: 3a7c9e1f5b24
Revises: a6c3e1f09b52
Create Date: 2026-11-29 15:50:00

Everyone who exists already keeps English, the only language until now.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3a7c9e1f5b24"
down_revision = "a6c3e1f09b52"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("locale", sa.String(length=8), nullable=False, server_default="en")
        )


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("locale")
