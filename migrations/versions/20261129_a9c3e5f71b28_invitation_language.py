"""the language an invitation's email and accept page are in

Revision ID: a9c3e5f71b28
Revises: f16a0c3d5e21
Create Date: 2026-11-29 19:00:00
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a9c3e5f71b28"
down_revision = "f16a0c3d5e21"
branch_labels = None
depends_on = None


def upgrade():
    # Every invitation before this one was sent in English, the only language then.
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("locale", sa.String(length=8), server_default="en", nullable=False))


def downgrade():
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("locale")
