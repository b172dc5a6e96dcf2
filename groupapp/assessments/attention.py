"""Start-page counts: open risk alerts (first, marked urgent) and unfinished check-ins."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.alerts import open_alert_count_expression
from groupapp.assessments.models import AssessmentResponse
from groupapp.cohorts.attention import managed_cohort_ids
from groupapp.core.attention import Counter, register_attention
from groupapp.core.pagination import capped_count_expression
from groupapp.db import utcnow


def unfinished_checkins(user: User, today: date | None = None) -> sa.ScalarSelect[int]:
    """Check-ins a member started and left unsubmitted past their due day (a scalar
    subquery).

    Counted up to ``COUNT_CAP`` + 1 and shown as "1,000+" beyond, whatever the size of
    the organisation.
    """
    today = today or utcnow().date()
    return capped_count_expression(
        sa.select(AssessmentResponse.id).where(
            AssessmentResponse.status == "draft",
            AssessmentResponse.due_on < today,
            AssessmentResponse.cohort_id.in_(managed_cohort_ids(user)),
        )
    )


register_attention(
    Counter(
        "risk_alerts",
        open_alert_count_expression,
        "open risk alert",
        "open risk alerts",
        "assessments.alerts",
        urgent=True,
        order=10,
    )
)
register_attention(
    Counter(
        "checkins",
        unfinished_checkins,
        "check-in left unfinished past its day",
        "check-ins left unfinished past their day",
        "assessments.groups",
        order=60,
    )
)
