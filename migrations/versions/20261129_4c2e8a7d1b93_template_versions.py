"""homework template versions

Revision ID: 4c2e8a7d1b93
Revises: 4c8e2f6a9d13
Create Date: 2026-11-29 11:45:00

Each save of an organisation's homework template counts a version, and an assignment
records the version it copied, so staff can tell which shape a submission was made with.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "4c2e8a7d1b93"
down_revision = "4c8e2f6a9d13"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("homework_templates") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("homework_assignments") as batch_op:
        batch_op.add_column(sa.Column("template_version", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("homework_assignments") as batch_op:
        batch_op.drop_column("template_version")
    with op.batch_alter_table("homework_templates") as batch_op:
        batch_op.drop_column("version")
