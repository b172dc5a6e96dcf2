"""Programs an organisation runs: a copy of a built-in template, or its own, with topics."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import Organisation
from groupapp.db import Model, TimestampMixin, UTCDateTime


class Program(TimestampMixin, Model):
    """An organisation's program: what a cohort follows week by week.

    Built-in templates live in YAML (``groupapp.programs.catalog``) and are never
    edited in place; an organisation works on its own copy, which remembers the
    template it came from in ``source_slug``.
    """

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    source_slug: Mapped[str | None] = mapped_column(sa.String(80))
    name: Mapped[str] = mapped_column(sa.String(120))
    modality: Mapped[str] = mapped_column(sa.String(40), default="custom")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    weeks: Mapped[int] = mapped_column(default=8)
    meeting_minutes: Mapped[int] = mapped_column(default=90)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    topics: Mapped[list[ProgramTopic]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        order_by="ProgramTopic.position",
    )


class ProgramTopic(Model):
    """One meeting's topic within a program, in order (``position`` 0 is week 1)."""

    __tablename__ = "program_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id"), index=True)
    position: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(120))
    # Goals and agenda items, one per line: edited in a textarea, shown as lists.
    goals: Mapped[str] = mapped_column(sa.Text, default="")
    agenda: Mapped[str] = mapped_column(sa.Text, default="")
    suggested_homework: Mapped[str | None] = mapped_column(sa.String(80))
    assessment_due: Mapped[bool] = mapped_column(default=False)
    # The participant handout members read after the meeting on this topic: what the
    # topic is about and one practice for the week (empty: no handout).
    handout_about: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    handout_practice: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The topic's own words in other languages, as staff typed them: ``{"es": {"title":
    # ..., "about": ..., "practice": ...}}`` (an empty text: readers of that language see
    # the English). None, or a language missing: the built-in program's translation
    # applies while the English is still the built-in text.
    translations: Mapped[dict[str, dict[str, str]] | None] = mapped_column(sa.JSON)

    program: Mapped[Program] = relationship(back_populates="topics")

    @property
    def has_handout(self) -> bool:
        """Whether the topic carries a handout for members."""
        return bool(self.handout_about.strip() or self.handout_practice.strip())

    @property
    def goal_lines(self) -> list[str]:
        """Goals as a list, blank lines dropped."""
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    @property
    def agenda_lines(self) -> list[str]:
        """Agenda items as a list, blank lines dropped."""
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]
