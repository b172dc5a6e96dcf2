"""API tokens

Revision ID: 5b7e2a91c0d4
Revises: 5e1c7a9b2d40
Create Date: 2026-11-29 09:00:00

"""

from alembic import op
import sqlalchemy as sa

import groupapp.db


revision = "5b7e2a91c0d4"
down_revision = "5e1c7a9b2d40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=False),
        sa.Column("created_at", groupapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", groupapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", groupapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", groupapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))
    op.drop_table("api_tokens")
