"""Start-page counts: open risk alerts (first, marked urgent) and unfinished check-ins."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.alerts import open_alert_count
from groupapp.assessments.models import AssessmentResponse
from groupapp.cohorts.attention import managed_cohort_ids
from groupapp.core.attention import Attention, register_attention
from groupapp.core.pagination import capped_count
from groupapp.db import utcnow


def risk_alerts(user: User) -> Attention:
    """Unacknowledged risk alerts in the user's cohorts (one statement)."""
    count = open_alert_count(user)
    return Attention(
        "risk_alerts",
        count,
        "open risk alert",
        "open risk alerts",
        "assessments.alerts",
        urgent=count > 0,
    )


def unfinished_checkins(user: User, today: date | None = None) -> Attention:
    """Check-ins a member started and left unsubmitted past their due day (one statement).

    Counted up to ``COUNT_CAP`` + 1 and shown as "1,000+" beyond, whatever the size of
    the organisation.
    """
    today = today or utcnow().date()
    count = capped_count(
        sa.select(AssessmentResponse.id).where(
            AssessmentResponse.status == "draft",
            AssessmentResponse.due_on < today,
            AssessmentResponse.cohort_id.in_(managed_cohort_ids(user)),
        )
    )
    return Attention(
        "checkins",
        count,
        "check-in left unfinished past its day",
        "check-ins left unfinished past their day",
        "assessments.groups",
    )


register_attention("risk_alerts", risk_alerts, order=10)
register_attention("checkins", unfinished_checkins, order=60)
