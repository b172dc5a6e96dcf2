"""Queue one message per recipient in a fixed number of statements.

``outbox.enqueue`` costs two statements a recipient; a cohort-wide announcement or a
message to every facilitator uses ``enqueue_many`` instead, then marks the new rows for
hand-over after the commit exactly as ``enqueue`` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.outbox import OutboxMessage, enqueue_many
from groupapp.db import db


def queue_for(kind: str, recipients: Iterable[User], key: str, params: dict[str, Any]) -> int:
    """Queue ``kind`` for each recipient with dedupe key ``kind:<recipient>:<key>``.

    ``params`` hold ids only. Returns how many rows were offered (existing keys are kept
    as they are, so a repeated call sends nothing twice).
    """
    rows = [
        {
            "kind": kind,
            "dedupe_key": f"{kind}:{person.id}:{key}"[:200],
            "recipient_id": person.id,
            "recipient_email": person.email,
            "organisation_id": person.organisation_id,
            "params": params,
        }
        for person in recipients
    ]
    if not rows:
        return 0
    enqueue_many(rows)
    keys = [row["dedupe_key"] for row in rows]
    new_ids = db.session.scalars(
        sa.select(OutboxMessage.id).where(
            OutboxMessage.dedupe_key.in_(keys), OutboxMessage.status == "queued"
        )
    ).all()
    db.session.info.setdefault("outbox_new", []).extend(new_ids)
    return len(rows)
