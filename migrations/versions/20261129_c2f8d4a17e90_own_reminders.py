"""participants' own reminders, with an index on the moment each is next due

Revision ID: c2f8d4a17e90
Revises: b7e4c1d9a253
Create Date: 2026-11-29 16:30:00
"""

from alembic import op
import sqlalchemy as sa

from groupapp.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = "c2f8d4a17e90"
down_revision = "b7e4c1d9a253"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "own_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("weekdays", sa.String(length=20), nullable=False),
        sa.Column("in_calendar", sa.Boolean(), nullable=False),
        sa.Column("next_due_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_own_reminders_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_reminders")),
    )
    op.create_index(op.f("ix_own_reminders_user_id"), "own_reminders", ["user_id"])
    op.create_index(op.f("ix_own_reminders_next_due_at"), "own_reminders", ["next_due_at"])


def downgrade():
    op.drop_index(op.f("ix_own_reminders_next_due_at"), table_name="own_reminders")
    op.drop_index(op.f("ix_own_reminders_user_id"), table_name="own_reminders")
    op.drop_table("own_reminders")
