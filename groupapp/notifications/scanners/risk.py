"""Risk alerts: make sure every facilitator got one, and escalate unacknowledged ones.

The assessments package writes the facilitator rows when the response is saved (sent at
once); this scanner re-offers the same keys in case a facilitator joined later, and after
the cohort's escalation time (default 30 minutes) writes one row per organisation admin.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.assessments.alerts import ALERT_KIND
from groupapp.assessments.models import RiskAlert
from groupapp.core.outbox import enqueue_many
from groupapp.db import db
from groupapp.notifications.scanners.common import (
    Person,
    cohort_audiences,
    cohort_timings,
    row,
)

ESCALATION_KIND = "risk_alert_escalation"
#: Older open alerts are on the dashboards already; the scanner no longer emails them.
LOOKBACK = timedelta(days=7)


def _admins(organisation_ids: set[int]) -> dict[int, list[Person]]:
    found: dict[int, list[Person]] = defaultdict(list)
    if not organisation_ids:
        return found
    for user_id, email, org_id, zone in db.session.execute(
        sa.select(User.id, User.email, User.organisation_id, User.timezone).where(
            User.organisation_id.in_(organisation_ids), User.role == "admin", User.active
        )
    ):
        found[org_id].append(Person(user_id, email, org_id, zone))
    return found


def risk_rows(now: datetime) -> list[dict[str, Any]]:
    alerts = db.session.execute(
        sa.select(
            RiskAlert.id, RiskAlert.cohort_id, RiskAlert.organisation_id, RiskAlert.created_at
        ).where(RiskAlert.acknowledged_at.is_(None), RiskAlert.created_at >= now - LOOKBACK)
    ).all()
    cohort_ids = {a.cohort_id for a in alerts}
    staff = cohort_audiences(cohort_ids, members=False)
    timings = cohort_timings(cohort_ids)
    late = [a for a in alerts if a.created_at + timings[a.cohort_id].escalation <= now]
    admins = _admins({a.organisation_id for a in late})
    rows = []
    for alert_id, cohort_id, _org, _created in alerts:
        params = {"alert_id": alert_id}
        for person in staff.get(cohort_id, []):
            key = f"{ALERT_KIND}:{alert_id}:{person.id}"  # the assessments package's key
            rows.append(row(ALERT_KIND, person, key, params, exact_key=True))
    for alert_id, _cohort, org_id, _created in late:
        for person in admins.get(org_id, []):
            rows.append(row(ESCALATION_KIND, person, str(alert_id), {"alert_id": alert_id}))
    return rows


def scan_risk_alerts(now: datetime) -> int:
    return enqueue_many(risk_rows(now))
