"""remember tokens with their issue time, the pending two-factor key and email address

Revision ID: 7e1d52a9c0b4
Revises: 7b3e9d51c2a8
Create Date: 2026-11-29 08:45:00

"""

from alembic import op
import sqlalchemy as sa

import groupapp.db


revision = "7e1d52a9c0b4"
down_revision = "7b3e9d51c2a8"
branch_labels = None
depends_on = None


def upgrade():
    # Existing remember cookies carry no key and stop working: those people sign in again.
    op.create_table(
        "remember_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", groupapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_remember_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remember_tokens")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_remember_tokens_key_hash")),
    )
    with op.batch_alter_table("remember_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_remember_tokens_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_pending_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("pending_email", sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("pending_email")
        batch_op.drop_column("totp_pending_secret")
    with op.batch_alter_table("remember_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remember_tokens_user_id"))
    op.drop_table("remember_tokens")
