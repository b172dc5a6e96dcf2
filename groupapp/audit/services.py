"""Writing audit events. Rows are only ever inserted (see ``_refuse_changes``).

Every read of a sensitive page writes a row, also when the page is served from the page
cache (``note_for_hits``), so audit rows leave the page cache's ``data`` generation alone:
no page but the audit log shows them.

The audit log itself is cached too, under a generation of its own, ``audit``, with this
rule: every audit row replaces that generation once committed, except a view of the log
(``LOG_VIEWS``). So any event shows in the log on its next view, while views of the log
appear within a minute (the page cache keys each page by the minute). Each view of the
log is still written at once, with its own time and address, as every view is: an
auditor sees that someone viewed the log at a given time, as soon as a minute later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

import sqlalchemy as sa
from flask import has_request_context, render_template, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from werkzeug.local import LocalProxy

from groupapp.audit.models import AuditEvent
from groupapp.core.page_cache import (
    ignore_writes_to,
    mark_written,
    note_for_hits,
    register_hit_action,
)
from groupapp.db import db, utcnow

AUDIT_GENERATION = "audit"
#: Views of the audit log: the only rows that leave the ``audit`` generation as it is.
LOG_VIEWS = frozenset({"audit.read"})


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
    # The table's own INSERT on the session's connection (its transaction, committed by
    # the hit): the ORM's execute path costs more per hit than the statement itself, and
    # nothing here needs ORM objects. Its listeners do not see this statement, so the
    # ``audit`` generation is marked here, as ``_mark_inserted_rows`` would.
    db.session.connection().execute(_INSERT, rows)
    _mark_if_listed(db.session(), (row["action"] for row in rows))


_INSERT = sa.insert(cast(sa.Table, AuditEvent.__table__))
register_hit_action("audit", _record_again)
ignore_writes_to(AuditEvent.__tablename__)  # only the audit log shows them: see above


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


def _mark_if_listed(session: Session, actions: Iterable[object]) -> None:
    """Rows with these actions replace the ``audit`` generation on commit, unless all are
    views of the log itself."""
    if any(action not in LOG_VIEWS for action in actions):
        mark_written(session, AUDIT_GENERATION)


@event.listens_for(Session, "after_flush")
def _mark_new_rows(session: Session, _context: object) -> None:
    """New rows (but views of the log) replace the ``audit`` generation on commit."""
    _mark_if_listed(session, (obj.action for obj in session.new if isinstance(obj, AuditEvent)))


@event.listens_for(Session, "do_orm_execute")
def _mark_inserted_rows(state: ORMExecuteState) -> None:
    """The same for ``insert(AuditEvent)`` statements (hits of cached pages, rosters)."""
    table = getattr(state.statement, "table", None)
    if not state.is_insert or getattr(table, "name", None) != AuditEvent.__tablename__:
        return
    params = state.parameters
    rows: list[Mapping[str, Any]] = (
        [params] if isinstance(params, Mapping) else list(params or [{}])
    )
    _mark_if_listed(state.session, (row.get("action") for row in rows))


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
