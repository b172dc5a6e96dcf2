"""Start-page count: handed-in homework waiting for the facilitator's review."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.attention import Attention, register_attention
from groupapp.db import db
from groupapp.homework.access import staff_cohort_ids
from groupapp.homework.models import LATE, SUBMITTED, Assignment, Submission


def submissions_to_review(user: User) -> Attention:
    """What the review queue lists, counted in one statement."""
    count = db.session.scalar(
        sa.select(sa.func.count(Submission.id))
        .join(Submission.assignment)
        .where(
            Assignment.cancelled_at.is_(None),
            Assignment.cohort_id.in_(staff_cohort_ids(user)),
            Submission.status.in_((SUBMITTED, LATE)),
        )
    )
    return Attention(
        "review",
        count or 0,
        "homework to review",
        "homework submissions to review",
        "homework.review_queue",
    )


register_attention("review", submissions_to_review, order=20)
