"""Finding audit events for an admin, with who acted and on whom: always within their own
organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from groupapp.accounts.models import User
from groupapp.audit.models import AuditEvent
from groupapp.core.ids import parse_int

PAGE_SIZE = 100
ORDER = (AuditEvent.occurred_at, AuditEvent.id)


@dataclass(frozen=True)
class AuditFilter:
    """What the admin asked for; ``actor``/``subject`` are a user id or a search text."""

    organisation_id: int
    actor: int | str | None = None
    subject: int | str | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _person(column: Any, wanted: int | str, criteria: AuditFilter) -> sa.ColumnElement[bool]:
    """``column`` names that person (an id) or someone whose name or email matches."""
    if isinstance(wanted, int):
        return column == wanted  # type: ignore[no-any-return]
    text = wanted.strip().lower()
    matching = sa.select(User.id).where(
        User.organisation_id == criteria.organisation_id,
        sa.or_(
            sa.func.lower(User.display_name).contains(text, autoescape=True),
            sa.func.lower(User.email).contains(text, autoescape=True),
        ),
    )
    return column.in_(matching)  # type: ignore[no-any-return]


def person_criterion(value: str | None) -> int | str | None:
    """A filter box's text as a user id (all digits, as links give) or a search text."""
    value = (value or "").strip()
    if not value:
        return None
    return parse_int(value, low=1) if value.isascii() and value.isdigit() else value


def filtered(criteria: AuditFilter) -> sa.Select:
    """Events matching ``criteria`` with actor and subject joined (unordered).

    Order by ``NEWEST_FIRST``; the ``(organisation_id, occurred_at, id)`` index serves it.
    """
    actor = aliased(User)
    subject = aliased(User)
    query = (
        sa.select(AuditEvent, actor, subject)
        .outerjoin(actor, AuditEvent.actor_id == actor.id)
        .outerjoin(subject, AuditEvent.subject_user_id == subject.id)
        .where(AuditEvent.organisation_id == criteria.organisation_id)
    )
    if criteria.actor:
        query = query.where(_person(AuditEvent.actor_id, criteria.actor, criteria))
    if criteria.subject:
        query = query.where(_person(AuditEvent.subject_user_id, criteria.subject, criteria))
    if criteria.action:
        escaped = criteria.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEvent.action.like(escaped + "%", escape="\\"))
    if criteria.date_from:
        query = query.where(AuditEvent.occurred_at >= _day_start(criteria.date_from))
    if criteria.date_to:
        end = _day_start(criteria.date_to) + timedelta(days=1)
        query = query.where(AuditEvent.occurred_at < end)
    return query
