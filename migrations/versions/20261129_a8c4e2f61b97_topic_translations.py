"""program topics carry their own translations (title and handout) per language

Revision ID: a8c4e2f61b97
Revises: a9c3e5f71b28
Create Date: 2026-11-29 18:50:00
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a8c4e2f61b97"
down_revision = "a9c3e5f71b28"
branch_labels = None
depends_on = None


def upgrade():
    # NULL: never edited, so readers follow the built-in program's translation.
    with op.batch_alter_table("program_topics") as batch:
        batch.add_column(sa.Column("translations", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("program_topics") as batch:
        batch.drop_column("translations")
