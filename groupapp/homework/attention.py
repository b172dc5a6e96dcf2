"""Start-page count: handed-in homework waiting for the facilitator's review."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.attention import Attention, register_attention
from groupapp.core.pagination import capped_count
from groupapp.homework.access import staff_cohort_ids
from groupapp.homework.models import LATE, SUBMITTED, Assignment, Submission


def submissions_to_review(user: User) -> Attention:
    """What the review queue lists, counted in one statement (up to ``COUNT_CAP`` + 1).

    Shown as "1,000+" beyond the cap: counting every waiting submission of a large
    organisation on each visit took longer than the rest of the page.
    """
    count = capped_count(
        sa.select(Submission.id)
        .join(Submission.assignment)
        .where(
            Assignment.cancelled_at.is_(None),
            Assignment.cohort_id.in_(staff_cohort_ids(user)),
            Submission.status.in_((SUBMITTED, LATE)),
        )
    )
    return Attention(
        "review",
        count,
        "homework to review",
        "homework submissions to review",
        "homework.review_queue",
    )


register_attention("review", submissions_to_review, order=20)
