"""What each person wants to receive, addresses that bounce, and per-cohort timings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupapp.db import Model, UTCDateTime, utcnow

DEFAULT_DIGEST_DAY = 0  # Monday
DEFAULT_DIGEST_HOUR = 8  # 8 am on the recipient's own clock
DEFAULT_REMINDER_HOURS = (24, 1)
DEFAULT_OVERDUE_DAYS = (1, 3)
DEFAULT_ESCALATION_MINUTES = 30


class NotificationPreference(Model):
    """One row per user who changed anything; no row means every default applies."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    # Categories (see ``groupapp.notifications.kinds``) the user turned off.
    disabled: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    digest_day: Mapped[int] = mapped_column(default=DEFAULT_DIGEST_DAY)
    digest_hour: Mapped[int] = mapped_column(default=DEFAULT_DIGEST_HOUR)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint("digest_day BETWEEN 0 AND 6", name="digest_day"),
        sa.CheckConstraint("digest_hour BETWEEN 0 AND 23", name="digest_hour"),
    )


class UndeliverableAddress(Model):
    """An address the mail server rejected permanently (5xx); shown to facilitators."""

    __tablename__ = "undeliverable_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None


class CohortNotificationSettings(Model):
    """Reminder offsets a cohort chose; no row means the defaults."""

    __tablename__ = "cohort_notification_settings"

    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), primary_key=True)
    reminder_hours: Mapped[list[Any]] = mapped_column(
        sa.JSON, default=lambda: list(DEFAULT_REMINDER_HOURS)
    )
    overdue_days: Mapped[list[Any]] = mapped_column(
        sa.JSON, default=lambda: list(DEFAULT_OVERDUE_DAYS)
    )
    escalation_minutes: Mapped[int] = mapped_column(default=DEFAULT_ESCALATION_MINUTES)


class Nudge(Model):
    """The last "remind those who have not done it" for one item of one cohort.

    ``item`` names what was nudged: ``homework:<assignment id>`` or
    ``checkin:<schedule id>:<occurrence key>``. One row per item; a new nudge claims the
    row with a conditional update (only when the last one is old enough), so two clicks
    at once, or two facilitators, send one round of reminders.
    """

    __tablename__ = "nudges"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"))
    item: Mapped[str] = mapped_column(sa.String(120))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reminded: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.UniqueConstraint("cohort_id", "item"),)


def _outbox_page_indexes() -> tuple[sa.Index, ...]:
    """The admin outbox page's orders: newest first, overall and by status or kind.

    Declared here, beside the other notification tables, so the outbox module keeps to
    sending; the indexes attach to ``outbox_messages`` all the same.
    """
    from groupapp.core.outbox import OutboxMessage

    table = OutboxMessage.__table__
    return (
        sa.Index("ix_outbox_messages_org_id", table.c.organisation_id, table.c.id),
        sa.Index(
            "ix_outbox_messages_org_status", table.c.organisation_id, table.c.status, table.c.id
        ),
        sa.Index("ix_outbox_messages_org_kind", table.c.organisation_id, table.c.kind, table.c.id),
    )


OUTBOX_PAGE_INDEXES = _outbox_page_indexes()
