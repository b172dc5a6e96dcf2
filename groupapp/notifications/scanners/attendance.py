"""Facilitator alerts for members who missed meetings in a row (open absence flags)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from groupapp.core.outbox import enqueue_many
from groupapp.db import db
from groupapp.meetings.models import AbsenceFlag
from groupapp.notifications.scanners.common import cohort_audiences, row

KIND = "absence_alert"


def scan_absences(now: datetime) -> int:
    """Alert each cohort's facilitators once per open flag, then stamp the flag."""
    flags = db.session.execute(
        sa.select(AbsenceFlag.id, AbsenceFlag.cohort_id).where(
            AbsenceFlag.cleared_at.is_(None), AbsenceFlag.alerted_at.is_(None)
        )
    ).all()
    if not flags:
        return 0
    staff = cohort_audiences({f.cohort_id for f in flags}, members=False)
    rows = [
        row(KIND, person, str(flag_id), {"flag_id": flag_id})
        for flag_id, cohort_id in flags
        for person in staff.get(cohort_id, [])
    ]
    count = enqueue_many(rows)
    db.session.execute(
        sa.update(AbsenceFlag)
        .where(AbsenceFlag.id.in_([f.id for f in flags]))
        .values(alerted_at=now)
    )
    return count
