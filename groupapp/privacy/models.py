"""Privacy notice versions and deletion requests."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import User
from groupapp.db import Model, TimestampMixin, UTCDateTime, utcnow

DELETION_STATUSES = ("pending", "completed", "declined")


class PrivacyNotice(Model):
    """One published version of an organisation's privacy notice; versions never change."""

    __tablename__ = "privacy_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    version: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(sa.Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The notice in other languages, ``{"es": ...}``; a language missing: its readers
    # read the text above.
    translations: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)

    published_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("organisation_id", "version"),)


class DeletionRequest(TimestampMixin, Model):
    """A participant's request to erase their data, decided by an admin with a reason."""

    __tablename__ = "deletion_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'completed', 'declined')", name="status"),
    )
