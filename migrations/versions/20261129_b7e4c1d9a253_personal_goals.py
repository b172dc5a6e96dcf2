"""personal goals with Goal Attainment Scaling levels, and their ratings

Revision ID: b7e4c1d9a253
Revises: e5a1c7b93d40
Create Date: 2026-11-29 16:00:00
"""

from alembic import op
import sqlalchemy as sa

from groupapp.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = "b7e4c1d9a253"
down_revision = "e5a1c7b93d40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "personal_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.String(length=300), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=True),
        sa.Column("agreed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("agreed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreed_by_id"], ["users.id"], name=op.f("fk_personal_goals_agreed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_personal_goals_cohort_id_cohorts")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_personal_goals_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_goals")),
    )
    op.create_index(
        op.f("ix_personal_goals_user_id"), "personal_goals", ["user_id"], unique=False
    )
    op.create_index(
        "ix_personal_goals_cohort_user", "personal_goals", ["cohort_id", "user_id"], unique=False
    )
    op.create_table(
        "goal_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("point_key", sa.String(length=40), nullable=False),
        sa.Column("point_label", sa.String(length=80), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("rated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rating BETWEEN -2 AND 2", name=op.f("ck_goal_ratings_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["personal_goals.id"], name=op.f("fk_goal_ratings_goal_id_personal_goals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_ratings")),
        sa.UniqueConstraint("goal_id", "point_key", name=op.f("uq_goal_ratings_goal_id")),
    )


def downgrade():
    op.drop_table("goal_ratings")
    op.drop_index("ix_personal_goals_cohort_user", table_name="personal_goals")
    op.drop_index(op.f("ix_personal_goals_user_id"), table_name="personal_goals")
    op.drop_table("personal_goals")
