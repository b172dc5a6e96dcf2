"""Intake forms (an organisation's versioned questions) and each member's answers.

The organisation's form is a list of fields in the homework template schema
(``groupapp.homework.fields``). Editing it adds a version and never changes an old one,
so every response keeps the exact questions it answered. A member has one response per
cohort; ``submitted_at`` is set once the form was completed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import User
from groupapp.db import Model, TimestampMixin, UTCDateTime, utcnow
from groupapp.homework.fields import Field, parse_fields


class IntakeFormVersion(Model):
    """One published version of an organisation's intake questions."""

    __tablename__ = "intake_form_versions"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    version: Mapped[int] = mapped_column()
    fields: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    def field_list(self) -> tuple[Field, ...]:
        """The questions of this version (validated when it was published)."""
        return parse_fields(self.fields)


class IntakeResponse(TimestampMixin, Model):
    """A member's intake answers for one cohort: a draft until submitted."""

    __tablename__ = "intake_responses"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    form_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intake_form_versions.id"), index=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    draft: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    form_version: Mapped[IntakeFormVersion] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_complete(self) -> bool:
        """Whether the member has submitted the form."""
        return self.submitted_at is not None
