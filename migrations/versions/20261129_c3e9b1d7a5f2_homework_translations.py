"""own homework templates and assignments carry translations per language

Revision ID: c3e9b1d7a5f2
Revises: b7e2d4c9a615
Create Date: 2026-11-29 22:20:00
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c3e9b1d7a5f2"
down_revision = "b7e2d4c9a615"
branch_labels = None
depends_on = None


def upgrade():
    # NULL: English only (an assignment of a built-in still follows its translation file).
    for table in ("homework_templates", "homework_assignments"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("translations", sa.JSON(), nullable=True))


def downgrade():
    for table in ("homework_templates", "homework_assignments"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("translations")
