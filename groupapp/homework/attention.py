"""Start-page count: handed-in homework waiting for the facilitator's review."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.attention import Counter, register_attention
from groupapp.core.pagination import capped_count_expression
from groupapp.homework.access import staff_cohort_ids
from groupapp.homework.models import LATE, SUBMITTED, Assignment, Submission


def submissions_to_review(user: User) -> sa.ScalarSelect[int]:
    """What the review queue lists, counted up to ``COUNT_CAP`` + 1 (a scalar subquery).

    Shown as "1,000+" beyond the cap: counting every waiting submission of a large
    organisation on each visit took longer than the rest of the page.
    """
    return capped_count_expression(
        sa.select(Submission.id)
        .join(Submission.assignment)
        .where(
            Assignment.cancelled_at.is_(None),
            Assignment.cohort_id.in_(staff_cohort_ids(user)),
            Submission.status.in_((SUBMITTED, LATE)),
        )
    )


register_attention(
    Counter(
        "review",
        submissions_to_review,
        "homework to review",
        "homework submissions to review",
        "homework.review_queue",
        order=20,
    )
)
