"""The privacy domain's part of the export: deletion requests the person made."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.personal_data import register_section
from groupapp.db import db
from groupapp.privacy.models import DeletionRequest


def export_requests(user: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        sa.select(DeletionRequest)
        .where(DeletionRequest.user_id == user.id)
        .order_by(DeletionRequest.created_at)
    )
    return [
        {
            "requested_at": r.created_at.isoformat(),
            "status": r.status,
            "note": r.note,
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
            "decision_reason": r.decision_reason,
        }
        for r in rows
    ]


def erase_notes(user: User) -> None:
    """The requests stay as proof of what was asked and decided; the free text goes."""
    db.session.execute(
        sa.update(DeletionRequest).where(DeletionRequest.user_id == user.id).values(note="")
    )


register_section("deletion_requests", export_requests, erase_notes)
