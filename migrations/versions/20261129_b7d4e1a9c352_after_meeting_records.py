"""after-meeting records: a group note per meeting, a note and observation per member

Revision ID: b7d4e1a9c352
Revises: 3a7c9e1f5b24
Create Date: 2026-11-29 16:10:00
"""

from alembic import op
import sqlalchemy as sa

from groupapp.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = "b7d4e1a9c352"
down_revision = "3a7c9e1f5b24"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meeting_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("covered", sa.Text(), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_records_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_meeting_records_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_records")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_meeting_records_meeting_id")),
    )
    op.create_table(
        "member_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("instrument", sa.String(length=80), nullable=False),
        sa.Column("codependent", sa.Float(), nullable=True),
        sa.Column("interdependent", sa.Float(), nullable=True),
        sa.Column("rated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_member_observations_cohort_id_cohorts")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_member_observations_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["rated_by_id"], ["users.id"], name=op.f("fk_member_observations_rated_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_member_observations_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_observations")),
        sa.UniqueConstraint(
            "meeting_id", "user_id", name=op.f("uq_member_observations_meeting_id")
        ),
    )
    op.create_index(
        op.f("ix_member_observations_cohort_id"), "member_observations", ["cohort_id"]
    )
    op.create_index(
        "ix_member_observations_user_cohort", "member_observations", ["user_id", "cohort_id"]
    )


def downgrade():
    op.drop_index("ix_member_observations_user_cohort", table_name="member_observations")
    op.drop_index(op.f("ix_member_observations_cohort_id"), table_name="member_observations")
    op.drop_table("member_observations")
    op.drop_table("meeting_records")
