"""The intake part of a person's data export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort
from groupapp.core.personal_data import register_section, unlink_person
from groupapp.db import db
from groupapp.intake.models import IntakeFormVersion, IntakeResponse


def export_intake(user: User) -> list[dict[str, Any]]:
    """Each intake the person filled in: cohort, form version, answers and unsent draft."""
    rows = db.session.execute(
        sa.select(IntakeResponse, Cohort.name)
        .join(Cohort, Cohort.id == IntakeResponse.cohort_id)
        .where(IntakeResponse.user_id == user.id)
        .options(joinedload(IntakeResponse.form_version))
        .order_by(IntakeResponse.id)
    ).all()
    return [
        {
            "cohort": cohort_name,
            "form_version": row.form_version.version,
            "questions": {item["key"]: item["label"] for item in row.form_version.fields},
            "answers": row.answers,
            "draft": row.draft,
            "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None,
            "updated_at": row.updated_at.isoformat(),
        }
        for row, cohort_name in rows
    ]


def erase_intake(user: User) -> None:
    """Delete the person's intake answers, and unlink form versions they published."""
    db.session.execute(sa.delete(IntakeResponse).where(IntakeResponse.user_id == user.id))
    unlink_person(user.id, IntakeFormVersion.created_by_id)
    db.session.flush()


register_section("intake", export_intake, erase_intake)
