"""Cohorts, their facilitators and their members."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import Organisation, User
from groupapp.db import TimestampMixin, UTCDateTime, db

COHORT_STATUSES = ("draft", "active", "completed", "archived")
MEMBERSHIP_STATUSES = ("invited", "active", "waitlisted", "declined", "removed", "exited")


class Cohort(TimestampMixin, db.Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    capacity: Mapped[int] = mapped_column(default=12)
    start_date: Mapped[date | None] = mapped_column()

    organisation: Mapped[Organisation] = relationship()
    facilitator_links: Mapped[list[CohortFacilitator]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )

    def facilitator_ids(self) -> set[int]:
        return {link.user_id for link in self.facilitator_links}


class CohortFacilitator(db.Model):
    __tablename__ = "cohort_facilitators"

    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True, index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)

    cohort: Mapped[Cohort] = relationship(back_populates="facilitator_links")
    user: Mapped[User] = relationship()


class Membership(TimestampMixin, db.Model):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="invited")
    joined_on: Mapped[date | None] = mapped_column()
    exited_on: Mapped[date | None] = mapped_column()
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)
