"""check-in drafts counted from a small partial index

Revision ID: 5d1f7b3c8e20
Revises: 9d2c4e7a1b36
Create Date: 2026-11-29 12:25:00

The staff start page counts check-ins left as drafts past their day. Drafts are a few
rows among every submitted response; an index on due_on over drafts only lets the count
read just those, instead of every response of the organisation's cohorts.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5d1f7b3c8e20"
down_revision = "9d2c4e7a1b36"
branch_labels = None
depends_on = None

DRAFTS = "status = 'draft'"


def upgrade():
    op.create_index(
        "ix_assessment_responses_drafts",
        "assessment_responses",
        ["due_on"],
        unique=False,
        postgresql_where=sa.text(DRAFTS),
        sqlite_where=sa.text(DRAFTS),
    )


def downgrade():
    op.drop_index("ix_assessment_responses_drafts", table_name="assessment_responses")
