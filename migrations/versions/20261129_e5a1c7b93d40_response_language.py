"""the language each check-in response was answered in

Revision ID: e5a1c7b93d40
Revises: b7d4e1a9c352
Create Date: 2026-11-29 15:45:00
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e5a1c7b93d40"
down_revision = "b7d4e1a9c352"
branch_labels = None
depends_on = None


def upgrade():
    # Every response before this one was answered in English, the only language then.
    with op.batch_alter_table("assessment_responses") as batch:
        batch.add_column(
            sa.Column("language", sa.String(length=16), server_default="en", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("assessment_responses") as batch:
        batch.drop_column("language")
