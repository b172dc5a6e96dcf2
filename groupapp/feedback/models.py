"""A member's short feedback on one meeting: three one-tap ratings and one optional line.

The four items are written for this project (``groupapp.feedback.scale``). A member
answers once per meeting (and may change the answer while the window is open); the
``user_id`` is kept only so an answer is counted once, appears in the member's export
and is erased with them. Facilitators never see it next to a name.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupapp.db import Model, UTCDateTime, utcnow


class MeetingFeedback(Model):
    """One member's answer about one meeting."""

    __tablename__ = "meeting_feedback"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "user_id"),
        sa.CheckConstraint(
            "heard BETWEEN 1 AND 5 AND useful BETWEEN 1 AND 5 AND safe BETWEEN 1 AND 5",
            name="ratings_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"))
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    heard: Mapped[int] = mapped_column()
    useful: Mapped[int] = mapped_column()
    safe: Mapped[int] = mapped_column()
    change: Mapped[str] = mapped_column(sa.String(500), default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
