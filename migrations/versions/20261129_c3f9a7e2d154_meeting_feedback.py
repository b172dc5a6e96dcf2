"""members' feedback after each meeting

Revision ID: c3f9a7e2d154
Revises: e4a7c2b9d153
Create Date: 2026-11-29 16:20:00
"""

from alembic import op
import sqlalchemy as sa

from groupapp.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = "c3f9a7e2d154"
down_revision = "e4a7c2b9d153"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meeting_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("heard", sa.Integer(), nullable=False),
        sa.Column("useful", sa.Integer(), nullable=False),
        sa.Column("safe", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=500), nullable=False),
        sa.Column("answered_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "heard BETWEEN 1 AND 5 AND useful BETWEEN 1 AND 5 AND safe BETWEEN 1 AND 5",
            name=op.f("ck_meeting_feedback_ratings_range"),
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_meeting_feedback_cohort_id_cohorts")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_feedback_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_meeting_feedback_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_feedback")),
        sa.UniqueConstraint("meeting_id", "user_id", name=op.f("uq_meeting_feedback_meeting_id")),
    )
    op.create_index(
        op.f("ix_meeting_feedback_cohort_id"), "meeting_feedback", ["cohort_id"], unique=False
    )
    op.create_index(
        op.f("ix_meeting_feedback_user_id"), "meeting_feedback", ["user_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_meeting_feedback_user_id"), table_name="meeting_feedback")
    op.drop_index(op.f("ix_meeting_feedback_cohort_id"), table_name="meeting_feedback")
    op.drop_table("meeting_feedback")
