"""The demo has group feedback to try: a meeting still open for answers, one with enough
answers to show its means and one with too few."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.db import db
from groupapp.feedback import services
from groupapp.feedback.models import MeetingFeedback
from groupapp.feedback.summary import MIN_SHOWN, meeting_summary
from groupapp.meetings.models import Meeting
from tests.support.demo import seed_demo


def test_the_demo_has_a_recent_meeting_to_answer_and_per_meeting_feedback(app) -> None:
    seed_demo()
    counts = dict(
        db.session.execute(
            sa.select(MeetingFeedback.meeting_id, sa.func.count()).group_by(
                MeetingFeedback.meeting_id
            )
        ).all()
    )
    assert any(n >= MIN_SHOWN for n in counts.values())
    assert any(0 < n < MIN_SHOWN for n in counts.values())
    shown = [meeting_summary(db.session.get(Meeting, i)) for i in counts]
    assert sorted(s.shown for s in shown) == [False, True]
    sam = db.session.scalar(sa.select(User).where(User.email == "sam@riverside.example.org"))
    (request,) = services.open_requests(sam.id)
    assert counts[request.meeting_id] >= MIN_SHOWN
