"""nudges: the last reminder a facilitator sent for one item of a cohort

Revision ID: 3c9e4b7a1f62
Revises: 7e1d52a9c0b4
Create Date: 2026-11-29 11:50:00

One row per nudged item (a homework assignment, or one check-in occurrence of a
schedule); the unique pair (cohort, item) is what the twelve-hour rule claims.
"""

from alembic import op
import sqlalchemy as sa

import groupapp.db


# revision identifiers, used by Alembic.
revision = "3c9e4b7a1f62"
down_revision = "7e1d52a9c0b4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("sent_at", groupapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], name=op.f("fk_nudges_cohort_id_cohorts")),
        sa.ForeignKeyConstraint(["sent_by_id"], ["users.id"], name=op.f("fk_nudges_sent_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudges")),
        sa.UniqueConstraint("cohort_id", "item", name=op.f("uq_nudges_cohort_id")),
    )


def downgrade():
    op.drop_table("nudges")
