"""Homework templates, assignments, submissions and feedback.

An assignment keeps its own copy of the template's fields, so editing a template later
never changes what participants already answered. Each person an assignment reaches has
one ``Submission`` row from the start (status ``to_do``); the completion grid and every
list read those rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort
from groupapp.core.i18n import N_
from groupapp.db import Model, TimestampMixin, UTCDateTime, utcnow
from groupapp.homework.fields import Field, parse_fields
from groupapp.meetings.models import Meeting

TO_DO = "to_do"
DRAFT = "draft"
SUBMITTED = "submitted"
LATE = "late"
REVIEWED = "reviewed"
REVISION_REQUESTED = "revision_requested"

SUBMISSION_STATUSES = (TO_DO, DRAFT, SUBMITTED, LATE, REVIEWED, REVISION_REQUESTED)
STATUS_LABELS = {
    TO_DO: N_("To do"),
    DRAFT: N_("Draft"),
    SUBMITTED: N_("Submitted"),
    LATE: N_("Submitted late"),
    REVIEWED: N_("Reviewed"),
    REVISION_REQUESTED: N_("Revision requested"),
}
#: Statuses in which the participant may still change their answers.
EDITABLE = (TO_DO, DRAFT, SUBMITTED, LATE, REVISION_REQUESTED)
#: Statuses that count as handed in (awaiting review or reviewed).
HANDED_IN = (SUBMITTED, LATE, REVIEWED)

AUDIENCES = ("cohort", "members")
FEEDBACK_KINDS = ("comment", "revision_request", "reviewed")


class HomeworkTemplate(TimestampMixin, Model):
    """An organisation's own template, usually cloned from a built-in and edited."""

    __tablename__ = "homework_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    source_slug: Mapped[str | None] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(120))
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    instructions: Mapped[str] = mapped_column(sa.Text, default="")
    fields: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    archived: Mapped[bool] = mapped_column(default=False)
    # Counts saves: assignments record the version they copied, so staff can tell which
    # shape a submission was made with.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Words in other languages by language code, each in the shape of a built-in
    # translation file (see ``homework.translations``); empty: English only.
    translations: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    def field_list(self) -> tuple[Field, ...]:
        """The stored definition, validated."""
        return parse_fields(self.fields)


class Assignment(TimestampMixin, Model):
    """Homework given to a cohort (or chosen members of it) with a due point."""

    __tablename__ = "homework_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    template_id: Mapped[int | None] = mapped_column(sa.ForeignKey("homework_templates.id"))
    template_version: Mapped[int | None] = mapped_column()
    source_slug: Mapped[str | None] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(120))
    instructions: Mapped[str] = mapped_column(sa.Text, default="")
    fields: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # The template version's translations as this assignment was given (its own title
    # and instructions where the facilitator changed them), so a reader of another
    # language answers the same questions under the same keys.
    translations: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    audience: Mapped[str] = mapped_column(sa.String(20), default="cohort")
    include_later_joiners: Mapped[bool] = mapped_column(default=False)
    # Due either at a fixed instant or at the start of a meeting (which may move).
    due_at_fixed: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id"))
    due_meeting_number: Mapped[int | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Cancelled homework leaves every list; handed-in work stays readable by staff.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship()
    due_meeting: Mapped[Meeting | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    submissions: Mapped[list[Submission]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )

    @property
    def due_at(self) -> datetime | None:
        """When the homework is due: the meeting's current start, or the fixed time."""
        if self.due_meeting is not None:
            return self.due_meeting.starts_at
        return self.due_at_fixed

    @property
    def is_cancelled(self) -> bool:
        """Whether a facilitator cancelled this homework."""
        return self.cancelled_at is not None

    def field_list(self) -> tuple[Field, ...]:
        """The fields as they were when the homework was assigned."""
        return parse_fields(self.fields)


class Submission(TimestampMixin, Model):
    """One participant's work on one assignment, from "to do" to "reviewed"."""

    __tablename__ = "homework_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("homework_assignments.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=TO_DO, index=True)
    # ``answers`` is what was handed in (validated); ``draft`` is the working copy the
    # participant is typing, saved as-is and never shown to anyone else.
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    draft: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    share_with_group: Mapped[bool] = mapped_column(default=False)
    shared_name: Mapped[str] = mapped_column(sa.String(80), default="")

    assignment: Mapped[Assignment] = relationship(back_populates="submissions")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    feedback: Mapped[list[Feedback]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Feedback.id"
    )

    __table_args__ = (
        sa.UniqueConstraint("assignment_id", "user_id"),
        sa.CheckConstraint(
            "status IN ('to_do', 'draft', 'submitted', 'late', 'reviewed', 'revision_requested')",
            name="status",
        ),
        # The review queue: handed-in work waiting for review, oldest first (keyset).
        sa.Index(
            "ix_homework_submissions_waiting",
            "submitted_at",
            "id",
            postgresql_where=sa.text("status IN ('submitted', 'late')"),
            sqlite_where=sa.text("status IN ('submitted', 'late')"),
        ),
    )

    @property
    def status_label(self) -> str:
        """The status as participants and facilitators read it."""
        return STATUS_LABELS[self.status]

    @property
    def is_editable(self) -> bool:
        """Whether the participant may still change the answers."""
        return self.status in EDITABLE

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Not handed in and past its due time."""
        due = self.assignment.due_at
        not_in = self.status in (TO_DO, DRAFT, REVISION_REQUESTED)
        return not_in and due is not None and (now or utcnow()) > due

    @property
    def is_shared(self) -> bool:
        """Visible to the participant's cohort: chosen by them and handed in."""
        return self.share_with_group and self.status in HANDED_IN


class Feedback(Model):
    """A facilitator's comment on a submission; a revision request carries its note."""

    __tablename__ = "homework_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("homework_submissions.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(20), default="comment")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="feedback")
    author: Mapped[User | None] = relationship()
