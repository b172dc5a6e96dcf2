"""a participant's support person: the supporter role, links, and the log of their views

Revision ID: d91b3e6f2c47
Revises: c3f9a7e2d154
Create Date: 2026-11-29 17:00:00
"""

from alembic import op
import sqlalchemy as sa

from groupapp.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = "d91b3e6f2c47"
down_revision = "c3f9a7e2d154"
branch_labels = None
depends_on = None


def _role_check(roles):
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", f"role IN ({roles})")


def upgrade():
    _role_check("'admin', 'facilitator', 'participant', 'supporter'")
    op.create_table(
        "support_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("supporter_id", sa.Integer(), nullable=True),
        sa.Column("sees_schedule", sa.Boolean(), nullable=False),
        sa.Column("sees_homework", sa.Boolean(), nullable=False),
        sa.Column("shared_submission_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invitation_id"], ["invitations.id"], name=op.f("fk_support_links_invitation_id_invitations")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["users.id"], name=op.f("fk_support_links_participant_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["supporter_id"], ["users.id"], name=op.f("fk_support_links_supporter_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_links")),
    )
    op.create_index(op.f("ix_support_links_participant_id"), "support_links", ["participant_id"])
    op.create_index(op.f("ix_support_links_supporter_id"), "support_links", ["supporter_id"])
    op.create_table(
        "support_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=40), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("viewed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"], ["support_links.id"], name=op.f("fk_support_views_link_id_support_links")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_views")),
    )
    op.create_index(op.f("ix_support_views_link_id"), "support_views", ["link_id"])


def downgrade():
    op.drop_index(op.f("ix_support_views_link_id"), table_name="support_views")
    op.drop_table("support_views")
    op.drop_index(op.f("ix_support_links_supporter_id"), table_name="support_links")
    op.drop_index(op.f("ix_support_links_participant_id"), table_name="support_links")
    op.drop_table("support_links")
    # Support people's accounts are closed rather than deleted (audit rows point to them).
    op.execute("UPDATE users SET role = 'participant', active = false WHERE role = 'supporter'")
    _role_check("'admin', 'facilitator', 'participant'")
