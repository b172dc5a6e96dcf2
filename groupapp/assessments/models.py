"""Instruments, their versions, cohort schedules, responses and risk alerts.

An ``Instrument`` row is one questionnaire of an organisation; each import or edit adds
an ``InstrumentVersion`` holding the canonical instrument file as JSON, and a response
pins the version it was answered on, so old scores never change.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import Organisation, User
from groupapp.assessments.instrument_file import parse_instrument
from groupapp.assessments.instrument_model import Instrument as InstrumentDef
from groupapp.cohorts.models import Cohort
from groupapp.db import Model, TimestampMixin, UTCDateTime, utcnow

RESPONSE_STATUSES = ("draft", "submitted")


class Instrument(TimestampMixin, Model):
    """A questionnaire an organisation uses; its content lives in its versions."""

    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(200))
    short_name: Mapped[str] = mapped_column(sa.String(64))
    builtin: Mapped[bool] = mapped_column(default=False)
    # The newest version: what new check-ins are answered on.
    current_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("instrument_versions.id", use_alter=True)
    )

    organisation: Mapped[Organisation] = relationship()
    versions: Mapped[list[InstrumentVersion]] = relationship(
        back_populates="instrument",
        foreign_keys="InstrumentVersion.instrument_id",
        order_by="InstrumentVersion.number",
    )
    current_version: Mapped[InstrumentVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )

    __table_args__ = (sa.UniqueConstraint("organisation_id", "slug"),)

    def current(self) -> InstrumentVersion:
        """The current version (every stored instrument has one once added)."""
        if self.current_version is None:
            raise LookupError(f"instrument {self.id} has no version")
        return self.current_version


class InstrumentVersion(Model):
    """One immutable edition of an instrument: the validated file as canonical JSON."""

    __tablename__ = "instrument_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(sa.ForeignKey("instruments.id"), index=True)
    number: Mapped[int] = mapped_column()
    definition: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    source: Mapped[str] = mapped_column(sa.String(20))  # "builtin", "import", "upload"
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    instrument: Mapped[Instrument] = relationship(
        back_populates="versions", foreign_keys=[instrument_id]
    )

    __table_args__ = (sa.UniqueConstraint("instrument_id", "number"),)

    def parsed(self) -> InstrumentDef:
        """The validated instrument of this version (parsed once per loaded row)."""
        cached = self.__dict__.get("_parsed")
        if cached is None:
            cached = parse_instrument(self.definition)
            self.__dict__["_parsed"] = cached
        return cached

    @property
    def label(self) -> str:
        """E.g. "PHQ-9, version 2"."""
        return f"{self.instrument.short_name}, version {self.number}"

    @property
    def fhir_version(self) -> str:
        """Questionnaire.version for FHIR: the edition plus our version number."""
        return f"{self.definition['version']}-v{self.number}"


class AssessmentSchedule(TimestampMixin, Model):
    """When a cohort's members answer one instrument, and how long each window stays open."""

    __tablename__ = "assessment_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    instrument_id: Mapped[int] = mapped_column(sa.ForeignKey("instruments.id"), index=True)
    at_baseline: Mapped[bool] = mapped_column(default=True)
    every_weeks: Mapped[int | None] = mapped_column()
    meeting_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    at_end: Mapped[bool] = mapped_column(default=True)
    window_before_days: Mapped[int] = mapped_column(default=2)
    window_after_days: Mapped[int] = mapped_column(default=5)

    cohort: Mapped[Cohort] = relationship()
    instrument: Mapped[Instrument] = relationship()

    __table_args__ = (sa.UniqueConstraint("cohort_id", "instrument_id"),)


DRAFTS = "status = 'draft'"


class AssessmentResponse(TimestampMixin, Model):
    """A participant's answers for one occurrence of a schedule, and their scores."""

    __tablename__ = "assessment_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    schedule_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assessment_schedules.id", ondelete="SET NULL"), index=True
    )
    instrument_id: Mapped[int] = mapped_column(sa.ForeignKey("instruments.id"), index=True)
    instrument_version_id: Mapped[int] = mapped_column(sa.ForeignKey("instrument_versions.id"))
    occurrence_key: Mapped[str] = mapped_column(sa.String(40))  # "baseline", "week-4", ...
    due_on: Mapped[date] = mapped_column()
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    total: Mapped[float | None] = mapped_column(sa.Float)
    band: Mapped[str | None] = mapped_column(sa.String(200))
    subscales: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    risk_flags: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    baseline_total: Mapped[float | None] = mapped_column(sa.Float)
    previous_total: Mapped[float | None] = mapped_column(sa.Float)
    change_status: Mapped[str | None] = mapped_column(sa.String(40))
    # The language the questions were shown in when last saved (a code such as "es").
    language: Mapped[str] = mapped_column(sa.String(16), default="en", server_default="en")

    user: Mapped[User] = relationship()
    cohort: Mapped[Cohort] = relationship()
    instrument: Mapped[Instrument] = relationship()
    version: Mapped[InstrumentVersion] = relationship()
    schedule: Mapped[AssessmentSchedule | None] = relationship()

    __table_args__ = (
        # One response per person per occurrence: "submit once per window".
        sa.UniqueConstraint("cohort_id", "user_id", "instrument_id", "occurrence_key"),
        sa.Index("ix_assessment_responses_progress", "user_id", "instrument_id", "submitted_at"),
        # Start pages count drafts left past their day: drafts are few, responses many.
        sa.Index(
            "ix_assessment_responses_drafts",
            "due_on",
            postgresql_where=sa.text(DRAFTS),
            sqlite_where=sa.text(DRAFTS),
        ),
    )

    @property
    def is_submitted(self) -> bool:
        """True once scored; answers are then read-only."""
        return self.status == "submitted"


class RiskAlert(TimestampMixin, Model):
    """A risk answer the cohort's facilitators must see until one acknowledges it."""

    __tablename__ = "risk_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("assessment_responses.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    item_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    acknowledged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")

    cohort: Mapped[Cohort] = relationship()
    response: Mapped[AssessmentResponse] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])

    @property
    def is_open(self) -> bool:
        """True until a facilitator acknowledges it."""
        return self.acknowledged_at is None
