"""What facilitators see of meeting feedback: anonymous, and only from five answers.

Per meeting, a facilitator sees how many members answered. When ``MIN_SHOWN`` or more
did, they also see the mean of each rated item and the "one thing to change" lines, in
alphabetical order (so neither order nor time points to a person); below that, only the
count. Names are never shown.

Falling trend (for the weekly digest): among the meetings with ``MIN_SHOWN`` or more
answers, the overall mean (the mean of the three rated items) fell at each of the two
latest compared with the one before, and the latest of them started within the last
week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from groupapp.db import db
from groupapp.feedback.models import MeetingFeedback
from groupapp.meetings.models import Meeting

MIN_SHOWN = 5
WEEK = timedelta(days=7)


@dataclass
class MeetingSummary:
    """One meeting's feedback as a facilitator may see it (means are 1..5)."""

    meeting_id: int
    starts_at: datetime
    topic: str
    answers: int
    heard: float | None = None
    useful: float | None = None
    safe: float | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        """True when enough members answered for the answers to be shown."""
        return self.answers >= MIN_SHOWN

    @property
    def overall(self) -> float | None:
        """The mean of the three item means, when shown."""
        if not self.shown or None in (self.heard, self.useful, self.safe):
            return None
        return round(((self.heard or 0) + (self.useful or 0) + (self.safe or 0)) / 3, 2)


def _summaries(where: sa.ColumnElement[bool]) -> list[MeetingSummary]:
    rows = db.session.execute(
        sa.select(
            Meeting.id,
            Meeting.starts_at,
            Meeting.topic,
            sa.func.count(MeetingFeedback.id),
            sa.func.avg(MeetingFeedback.heard),
            sa.func.avg(MeetingFeedback.useful),
            sa.func.avg(MeetingFeedback.safe),
        )
        .join(MeetingFeedback, MeetingFeedback.meeting_id == Meeting.id)
        .where(where)
        .group_by(Meeting.id, Meeting.starts_at, Meeting.topic)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    found = []
    for meeting_id, starts_at, topic, answers, heard, useful, safe in rows:
        summary = MeetingSummary(meeting_id, starts_at, topic, int(answers))
        if summary.shown:
            summary.heard, summary.useful, summary.safe = (
                round(float(value), 2) for value in (heard, useful, safe)
            )
        found.append(summary)
    shown = {s.meeting_id: s for s in found if s.shown}
    # Always asked, even for no meeting, so a page runs the same statements every time.
    for meeting_id, text in db.session.execute(
        sa.select(MeetingFeedback.meeting_id, MeetingFeedback.change)
        .where(MeetingFeedback.meeting_id.in_(list(shown)), MeetingFeedback.change != "")
        .order_by(MeetingFeedback.meeting_id, MeetingFeedback.change)
    ):
        shown[meeting_id].changes.append(text)
    return found


def cohort_summaries(cohort_id: int) -> list[MeetingSummary]:
    """Each of the cohort's meetings with at least one answer, oldest first (two
    statements whatever the number of meetings and answers)."""
    return _summaries(Meeting.cohort_id == cohort_id)


def meeting_summary(meeting: Meeting) -> MeetingSummary:
    """One meeting's summary (a count of 0 when nobody answered)."""
    found = _summaries(Meeting.id == meeting.id)
    return found[0] if found else MeetingSummary(meeting.id, meeting.starts_at, meeting.topic, 0)


def is_falling(summaries: list[MeetingSummary], now: datetime) -> bool:
    """The module's falling-trend rule over ``summaries`` (oldest first)."""
    shown = [s for s in summaries if s.overall is not None]
    if len(shown) < 3 or shown[-1].starts_at < now - WEEK:
        return False
    first, second, third = (s.overall or 0.0 for s in shown[-3:])
    return first > second > third


def falling_trend_note(cohort_id: int, now: datetime) -> str | None:
    """The digest's line when the cohort's feedback fell over two meetings, else None."""
    summaries = cohort_summaries(cohort_id)
    if not is_falling(summaries, now):
        return None
    means = ", then ".join(f"{s.overall:.1f}" for s in [s for s in summaries if s.shown][-3:])
    return (
        f"Meeting feedback fell over the last two meetings with {MIN_SHOWN} or more "
        f"answers (mean of the three rated items, 1 to 5: {means})."
    )
