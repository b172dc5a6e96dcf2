"""Writing audit events. Rows are only ever inserted (see ``_refuse_changes``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, render_template, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from werkzeug.local import LocalProxy

from groupapp.audit.models import AuditEvent
from groupapp.core.page_cache import ignore_writes_to, note_for_hits, register_hit_action
from groupapp.db import db, utcnow


def record(
    action: str,
    obj: Any,
    subject_user_id: int | None = None,
    reason: str | None = None,
    organisation_id: int | None = None,
) -> AuditEvent:
    """Add an audit row for ``action`` on ``obj`` in the current transaction.

    ``obj`` is a model instance (its class name and id are stored) or a ``(type, id)`` pair.
    A proxy such as ``current_user`` is recorded as the object it stands for.
    """
    event_row = AuditEvent(**_event_values(action, obj, subject_user_id, reason, organisation_id))
    db.session.add(event_row)
    return event_row


def record_many(action: str, entries: Iterable[tuple[Any, int | None, str | None]]) -> int:
    """Write one audit row per ``(obj, subject_user_id, reason)`` in a single statement.

    For a change that touches many people at once (a roster), so the number of
    statements does not grow with them. ``obj`` is as for ``record`` and must already
    have its id. Returns how many rows were written.
    """
    rows = [_event_values(action, obj, subject, reason, None) for obj, subject, reason in entries]
    if rows:
        db.session.execute(sa.insert(AuditEvent), rows)
    return len(rows)


def _event_values(
    action: str,
    obj: Any,
    subject_user_id: int | None,
    reason: str | None,
    organisation_id: int | None,
) -> dict[str, Any]:
    """The columns of one audit row; the actor and address come from the request."""
    if isinstance(obj, LocalProxy):
        obj = obj._get_current_object()
    if isinstance(obj, tuple):
        object_type, object_id = obj
    else:
        object_type, object_id = type(obj).__name__, getattr(obj, "id", None)
    actor_id = None
    ip = None
    if has_request_context():
        ip = request.remote_addr
        if current_user.is_authenticated:
            actor_id = current_user.id
            organisation_id = organisation_id or current_user.organisation_id
    values = {
        "occurred_at": utcnow(),
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "subject_user_id": subject_user_id,
        "actor_id": actor_id,
        "ip_address": ip,
        "reason": reason,
        "organisation_id": organisation_id,
    }
    # A cached page served again is read again: its hits write the same row.
    note_for_hits("audit", {k: values[k] for k in _REPEATED})
    return values


_REPEATED = ("action", "object_type", "object_id", "subject_user_id", "reason", "organisation_id")


def _record_again(payloads: list[dict[str, Any]]) -> None:
    """The audit rows of a cached page's first view, for this view (new time, address)."""
    rows = [
        _event_values(
            p["action"],
            (p["object_type"], p["object_id"]),
            p["subject_user_id"],
            p["reason"],
            p["organisation_id"],
        )
        for p in payloads
    ]
    db.session.execute(sa.insert(AuditEvent), rows)


register_hit_action("audit", _record_again)
ignore_writes_to(AuditEvent.__tablename__)  # no cached page shows audit rows


def audited_page(
    action: str, obj: Any, template: str, reason: str | None = None, **context: Any
) -> str:
    """Render a page that lists people's sensitive states, and record that it was read.

    For list pages (open risk alerts, review queue, completion grid, People, the audit
    log): the row names what was listed (``obj`` as for ``record``) and commits. The
    page is rendered first, because the commit expires what it loaded.
    """
    html = render_template(template, **context)
    record(action, obj, reason=reason)
    db.session.commit()
    return html


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    """Nor through a bulk ``update(AuditEvent)`` / ``delete(AuditEvent)`` statement."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) == AuditEvent.__tablename__:
        raise PermissionError("audit events are append-only")


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, _context: object, _instances: object) -> None:
    """The application never updates or deletes an audit row."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("audit events are append-only")
