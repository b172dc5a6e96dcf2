"""Spanish versions of long texts: group agreements, privacy notices, support lines and
announcements; a consent record keeps the language that was read

Revision ID: b7e2d4c9a615
Revises: a8c4e2f61b97
Create Date: 2026-11-29 22:20:00
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7e2d4c9a615"
down_revision = "a8c4e2f61b97"
branch_labels = None
depends_on = None

# NULL everywhere: no version in another language was given (an agreement whose English
# is still the built-in text is read in the built-in translation).
TRANSLATED = ("cohort_agreements", "privacy_notices", "announcements")


def upgrade():
    for table in TRANSLATED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("translations", sa.JSON(), nullable=True))
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("crisis_support_translations", sa.JSON(), nullable=True))
    # NULL: accepted before the language was recorded (everything was English then).
    with op.batch_alter_table("consent_records") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("consent_records") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("crisis_support_translations")
    for table in reversed(TRANSLATED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("translations")
