"""A participant's support person (the CoDA sponsor tradition) and what they may see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupapp.accounts.models import User
from groupapp.db import Model, UTCDateTime, utcnow

#: The role of a support person's account: these pages only, no cohort, no other page.
SUPPORTER_ROLE = "supporter"
#: What a participant can choose to show. Scores, notes and messages are never offered.
SHOWABLE = {
    "schedule": "My meeting schedule (dates, times and topics)",
    "homework": "Each piece of handed-in homework I tick",
}


class SupportLink(Model):
    """One participant's invitation of one support person, and their choices.

    Live while ``revoked_at`` is empty; a participant has at most one live link.
    ``shared_submission_ids`` are the handed-in homework the participant ticked for them;
    ``sees_homework`` follows it (true exactly when at least one piece is ticked).
    """

    __tablename__ = "support_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    invitation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invitations.id"))
    supporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    sees_schedule: Mapped[bool] = mapped_column(default=True)
    sees_homework: Mapped[bool] = mapped_column(default=False)
    shared_submission_ids: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[User] = relationship(foreign_keys=[participant_id])
    supporter: Mapped[User | None] = relationship(foreign_keys=[supporter_id])

    @property
    def is_live(self) -> bool:
        """Not revoked."""
        return self.revoked_at is None


class SupportView(Model):
    """One time the support person opened something of the participant's (their log)."""

    __tablename__ = "support_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("support_links.id"), index=True)
    what: Mapped[str] = mapped_column(sa.String(40))  # "schedule", "homework"
    submission_id: Mapped[int | None] = mapped_column()
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
