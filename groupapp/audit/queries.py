"""Finding audit events for an admin: always within their own organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from groupapp.accounts.models import User
from groupapp.audit.models import AuditEvent
from groupapp.db import db

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilter:
    organisation_id: int
    actor_id: int | None = None
    subject_user_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def filtered(criteria: AuditFilter) -> sa.Select:
    """Events matching ``criteria``, newest first, with actor and subject joined."""
    actor = aliased(User)
    subject = aliased(User)
    query = (
        sa.select(AuditEvent, actor, subject)
        .outerjoin(actor, AuditEvent.actor_id == actor.id)
        .outerjoin(subject, AuditEvent.subject_user_id == subject.id)
        .where(AuditEvent.organisation_id == criteria.organisation_id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    if criteria.actor_id:
        query = query.where(AuditEvent.actor_id == criteria.actor_id)
    if criteria.subject_user_id:
        query = query.where(AuditEvent.subject_user_id == criteria.subject_user_id)
    if criteria.action:
        escaped = criteria.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEvent.action.like(escaped + "%", escape="\\"))
    if criteria.date_from:
        query = query.where(AuditEvent.occurred_at >= _day_start(criteria.date_from))
    if criteria.date_to:
        end = _day_start(criteria.date_to) + timedelta(days=1)
        query = query.where(AuditEvent.occurred_at < end)
    return query


def people(organisation_id: int) -> list[User]:
    """Everyone in the organisation, for the actor and subject filters."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.organisation_id == organisation_id)
            .order_by(User.display_name, User.id)
        )
    )
