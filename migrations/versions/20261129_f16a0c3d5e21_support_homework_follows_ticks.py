"""Support homework sharing follows the ticked pieces: no separate switch.

A piece ticked while the old switch was off was never shown, so it is unticked here
rather than shown now without the participant choosing it.

Revision ID: f16a0c3d5e21
Revises: d91b3e6f2c47
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "f16a0c3d5e21"
down_revision = "d91b3e6f2c47"
branch_labels = None
depends_on = None

_links = sa.table(
    "support_links",
    sa.column("id", sa.Integer),
    sa.column("sees_homework", sa.Boolean),
    sa.column("shared_submission_ids", sa.JSON),
)


def upgrade() -> None:
    bind = op.get_bind()
    for link_id, sees, ids in bind.execute(
        sa.select(_links.c.id, _links.c.sees_homework, _links.c.shared_submission_ids)
    ).all():
        kept = list(ids or []) if sees else []
        if bool(kept) != bool(sees) or kept != list(ids or []):
            bind.execute(
                _links.update()
                .where(_links.c.id == link_id)
                .values(sees_homework=bool(kept), shared_submission_ids=kept)
            )


def downgrade() -> None:
    pass  # the old switch is set wherever pieces are ticked, which it already means
