"""intake forms (versioned per organisation) and members' intake responses

Revision ID: 9d2c4e7a1b36
Revises: 4c2e8a7d1b93
Create Date: 2026-11-29 12:30:00
"""

from alembic import op
import sqlalchemy as sa

from groupapp.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = "9d2c4e7a1b36"
down_revision = "4c2e8a7d1b93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "intake_form_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_intake_form_versions_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_intake_form_versions_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_form_versions")),
        sa.UniqueConstraint(
            "organisation_id", "version", name=op.f("uq_intake_form_versions_organisation_id")
        ),
    )
    op.create_table(
        "intake_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("form_version_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("draft", sa.JSON(), nullable=True),
        sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_intake_responses_cohort_id_cohorts")
        ),
        sa.ForeignKeyConstraint(
            ["form_version_id"],
            ["intake_form_versions.id"],
            name=op.f("fk_intake_responses_form_version_id_intake_form_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_intake_responses_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_responses")),
        sa.UniqueConstraint("cohort_id", "user_id", name=op.f("uq_intake_responses_cohort_id")),
    )
    op.create_index(
        op.f("ix_intake_responses_user_id"), "intake_responses", ["user_id"], unique=False
    )
    op.create_index(
        op.f("ix_intake_responses_form_version_id"),
        "intake_responses",
        ["form_version_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_intake_responses_form_version_id"), table_name="intake_responses")
    op.drop_index(op.f("ix_intake_responses_user_id"), table_name="intake_responses")
    op.drop_table("intake_responses")
    op.drop_table("intake_form_versions")
