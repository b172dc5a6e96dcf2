"""Announcements to a cohort, private message threads, read marks and email choices."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort
from groupapp.db import Model, UTCDateTime, utcnow

SUBJECT_MAX = 200
BODY_MAX = 10_000


class Announcement(Model):
    """A notice a facilitator posts to every joined member of a cohort."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(sa.String(SUBJECT_MAX))
    body: Mapped[str] = mapped_column(sa.Text)
    pinned: Mapped[bool] = mapped_column(default=False)
    # Email is not a private channel: the text goes out only when the author says so.
    text_in_email: Mapped[bool] = mapped_column(default=False)
    # The announcement in other languages, ``{"es": {"subject": ..., "body": ...}}``; a
    # language missing: its readers read the subject and text above.
    translations: Mapped[dict[str, dict[str, str]] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    cohort: Mapped[Cohort] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    __table_args__ = (sa.Index("ix_announcements_cohort_page", "cohort_id", "created_at", "id"),)

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class MessageThread(Model):
    """A private conversation between one member and the facilitators of one cohort."""

    __tablename__ = "message_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"))
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(sa.String(SUBJECT_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The newest message, kept here so lists and unread counts read one row per thread.
    last_message_id: Mapped[int] = mapped_column(default=0)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    cohort: Mapped[Cohort] = relationship()
    participant: Mapped[User] = relationship(foreign_keys=[participant_id])

    __table_args__ = (
        sa.Index("ix_message_threads_cohort_page", "cohort_id", "last_message_at", "id"),
        sa.Index("ix_message_threads_participant_page", "participant_id", "last_message_at", "id"),
    )

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class Message(Model):
    """One message in a thread: who wrote it, when, and the text."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("message_threads.id"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_messages_thread_page", "thread_id", "id"),)


class ThreadRead(Model):
    """How far one person has read one thread (the id of the newest message they saw)."""

    __tablename__ = "message_reads"

    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("message_threads.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True, index=True)
    last_message_id: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MessageEmailChoice(Model):
    """A person who asked for a daily summary instead of an email per message."""

    __tablename__ = "message_email_choices"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    daily_summary: Mapped[bool] = mapped_column(default=False)
    last_summary_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
