"""Cohorts, their facilitators and their members."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import Organisation, User
from groupapp.db import Model, TimestampMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from groupapp.programs.models import Program

COHORT_STATUSES = ("draft", "active", "completed", "archived")
MEMBERSHIP_STATUSES = ("invited", "active", "waitlisted", "declined", "removed", "exited")


class Cohort(TimestampMixin, Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    capacity: Mapped[int] = mapped_column(default=12)
    start_date: Mapped[date | None] = mapped_column()
    program_id: Mapped[int | None] = mapped_column(sa.ForeignKey("programs.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The recurrence the meetings were generated from (see groupapp.meetings.recurrence):
    # weekdays as "1" or "1,3" (0 = Monday), a local wall-clock start time in ``timezone``.
    weekdays: Mapped[str] = mapped_column(sa.String(20), default="0")
    start_time: Mapped[time] = mapped_column(sa.Time, default=time(18, 0))
    duration_minutes: Mapped[int] = mapped_column(default=90)
    weeks: Mapped[int] = mapped_column(default=8)
    interval_weeks: Mapped[int] = mapped_column(default=1)
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    video_url: Mapped[str] = mapped_column(sa.String(500), default="")
    # Missed meetings in a row that raise an absence flag; 0 turns the flag off.
    absence_threshold: Mapped[int] = mapped_column(default=2)

    organisation: Mapped[Organisation] = relationship()
    program: Mapped[Program | None] = relationship("Program")
    agreements: Mapped[list[CohortAgreement]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", order_by="CohortAgreement.version"
    )
    facilitator_links: Mapped[list[CohortFacilitator]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )

    @property
    def reply_to_email(self) -> str | None:
        """Where replies about the cohort go: the lead facilitator, else any facilitator."""
        links = sorted(self.facilitator_links, key=lambda link: not link.is_lead)
        return links[0].user.email if links else None

    def facilitator_ids(self) -> set[int]:
        return {link.user_id for link in self.facilitator_links}


class CohortFacilitator(Model):
    __tablename__ = "cohort_facilitators"

    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True, index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)

    cohort: Mapped[Cohort] = relationship(back_populates="facilitator_links")
    user: Mapped[User] = relationship()


class Membership(TimestampMixin, Model):
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


class CohortAgreement(Model):
    """One version of a cohort's group agreement; acceptances are ConsentRecords."""

    __tablename__ = "cohort_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    version: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The agreement in other languages: ``{"es": {"text": ..., "since": 3}}``, where
    # ``since`` is the version whose English the translation was last written beside (an
    # empty text: readers of that language read the English). None: the built-in
    # translation applies while the English is still the built-in text.
    translations: Mapped[dict[str, dict[str, str | int]] | None] = mapped_column(sa.JSON)

    cohort: Mapped[Cohort] = relationship(back_populates="agreements")

    __table_args__ = (sa.UniqueConstraint("cohort_id", "version"),)
