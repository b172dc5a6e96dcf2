"""Access expectations for the assessments routes (format: tests/trust/README.md)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import sqlalchemy as sa

from groupapp.assessments.catalog import ensure_builtins
from groupapp.assessments.models import (
    AssessmentResponse,
    AssessmentSchedule,
    Instrument,
    RiskAlert,
)
from groupapp.assessments.schedules import ScheduleSettings, save_schedule
from groupapp.cohorts.models import Membership
from groupapp.core.timezones import to_local
from groupapp.db import db, utcnow
from tests.trust.matrix import ADMINS, PARTICIPANTS_ONLY, STAFF, Case, allow

COHORT_STAFF = allow("facilitator", "admin")
ORG_STAFF = allow("facilitator", "other_cohort_facilitator", "admin")


def _phq9(world: Any) -> Instrument:
    ensure_builtins(world.org)
    return db.session.scalar(
        sa.select(Instrument).where(
            Instrument.organisation_id == world.org.id, Instrument.slug == "phq9"
        )
    )


def _schedule(world: Any) -> AssessmentSchedule:
    """PHQ-9 scheduled in the owner's cohort; the owner joined today, so baseline is open."""
    schedule = save_schedule(world.cohort, _phq9(world), ScheduleSettings())
    owner = db.session.scalar(
        sa.select(Membership).where(
            Membership.cohort_id == world.cohort.id, Membership.user_id == world.owner.id
        )
    )
    owner.joined_on = to_local(utcnow(), world.cohort.timezone).date()
    return schedule


def _response(world: Any) -> AssessmentResponse:
    schedule = _schedule(world)
    instrument = schedule.instrument
    response = AssessmentResponse(
        organisation_id=world.org.id, cohort_id=world.cohort.id, user_id=world.owner.id,
        schedule_id=schedule.id, instrument_id=instrument.id,
        instrument_version_id=instrument.current_version_id, occurrence_key="baseline",
        due_on=date(2026, 1, 5), status="submitted", submitted_at=utcnow(),
        answers={f"q{n}": 1 for n in range(1, 10)}, total=9, band="Mild",
    )  # fmt: skip
    db.session.add(response)
    db.session.flush()
    return response


def checkin_values(world: Any) -> dict[str, Any]:
    schedule = _schedule(world)
    db.session.commit()
    return {"schedule_id": schedule.id, "key": "baseline"}


def response_values(world: Any) -> dict[str, Any]:
    response = _response(world)
    db.session.commit()
    return {"response_id": response.id}


def alert_values(world: Any) -> dict[str, Any]:
    response = _response(world)
    alert = RiskAlert(
        organisation_id=world.org.id, cohort_id=world.cohort.id, response_id=response.id,
        user_id=world.owner.id, item_ids=["q9"],
    )  # fmt: skip
    db.session.add(alert)
    db.session.commit()
    return {"alert_id": alert.id}


def instrument_values(world: Any) -> dict[str, Any]:
    instrument = _phq9(world)
    db.session.commit()
    return {"instrument_id": instrument.id}


def cohort_values(world: Any) -> dict[str, Any]:
    return {"cohort_id": world.cohort.id}


def member_values(world: Any) -> dict[str, Any]:
    return {"cohort_id": world.cohort.id, "user_id": world.owner.id}


def schedule_values(world: Any) -> dict[str, Any]:
    schedule = _schedule(world)
    db.session.commit()
    return {"schedule_id": schedule.id}


ACCESS = {
    "assessments.checkins": Case(get=PARTICIPANTS_ONLY),
    "assessments.answer": Case(
        values=checkin_values,
        get=allow("owner", redirect=("same_cohort_participant",)),
        post=allow("owner", redirect=("same_cohort_participant",)),
        data=lambda world, values: {"action": "save", "q1": "2"},
        note="non-members get 404; a member whose window is closed goes back to the list",
    ),
    "assessments.response": Case(
        values=response_values, get=allow("owner", "facilitator", "admin")
    ),
    "assessments.my_progress": Case(get=PARTICIPANTS_ONLY),
    "assessments.instruments": Case(get=STAFF),
    "assessments.groups": Case(get=STAFF),
    "assessments.instrument": Case(values=instrument_values, get=ORG_STAFF),
    "assessments.upload_instrument": Case(
        get=ADMINS,
        post=ADMINS,
        data=lambda world, values: {"file": (io.BytesIO(b"id: broken"), "broken.yaml")},
        note="a broken file is shown back with its errors",
    ),
    "assessments.alerts": Case(get=STAFF, audit={"GET": "assessment.risk_alerts.read"}),
    "assessments.alert": Case(
        values=alert_values,
        get=COHORT_STAFF,
        post=COHORT_STAFF,
        data=lambda world, values: {"note": "Called; safe."},
    ),
    "assessments.cohort_progress": Case(values=cohort_values, get=COHORT_STAFF),
    "assessments.member_progress": Case(values=member_values, get=COHORT_STAFF),
    "assessments.export_csv": Case(values=cohort_values, get=COHORT_STAFF),
    "assessments.export_fhir": Case(values=cohort_values, get=COHORT_STAFF),
    "assessments.export_key": Case(
        values=cohort_values, get=COHORT_STAFF, audit={"GET": "assessment.export.key"}
    ),
    "assessments.schedules": Case(values=cohort_values, get=COHORT_STAFF, post=COHORT_STAFF),
    "assessments.delete_schedule_view": Case(values=schedule_values, post=COHORT_STAFF),
}
