"""``assert_audited``: the test helper every domain uses to prove a route wrote its row."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.audit.models import AuditEvent
from groupapp.db import db


def audit_rows(action: str | None = None) -> list[AuditEvent]:
    query = sa.select(AuditEvent).order_by(AuditEvent.id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def assert_audited(
    action: str,
    *,
    actor: Any = None,
    subject: Any = None,
    object: Any = None,
    reason: str | None = None,
) -> AuditEvent:
    """The newest audit row for ``action`` matching every given detail; fails otherwise.

    ``actor`` and ``subject`` are users (or IDs); ``object`` a model instance or a
    ``(type name, id)`` pair.
    """
    rows = audit_rows(action)
    wanted: dict[str, Any] = {}
    if actor is not None:
        wanted["actor_id"] = getattr(actor, "id", actor)
    if subject is not None:
        wanted["subject_user_id"] = getattr(subject, "id", subject)
    if object is not None:
        kind, ident = object if isinstance(object, tuple) else (type(object).__name__, object.id)
        wanted["object_type"] = kind
        wanted["object_id"] = str(ident)
    if reason is not None:
        wanted["reason"] = reason
    matching = [r for r in rows if all(getattr(r, k) == v for k, v in wanted.items())]
    seen = [(r.action, r.actor_id, r.subject_user_id, r.object_type, r.object_id) for r in rows]
    assert matching, f"no audit row {action!r} with {wanted}; rows for it: {seen}"
    return matching[-1]
