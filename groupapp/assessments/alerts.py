"""Risk alerts: raised by a risk answer, shown to the cohort's facilitators until one
of them acknowledges it with a note, and emailed through the outbox at once."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from groupapp.accounts.models import User
from groupapp.assessments.models import AssessmentResponse, RiskAlert
from groupapp.audit.services import record
from groupapp.cohorts.models import Cohort, CohortFacilitator
from groupapp.core import outbox
from groupapp.core.actions import Refusal
from groupapp.db import db, utcnow

ALERT_KIND = "risk_alert"


def raise_alert(response: AssessmentResponse, item_ids: list[str]) -> RiskAlert:
    """Record an open alert and queue an email to every facilitator of the cohort."""
    alert = RiskAlert(
        organisation_id=response.organisation_id,
        cohort_id=response.cohort_id,
        response_id=response.id,
        user_id=response.user_id,
        item_ids=item_ids,
    )
    db.session.add(alert)
    db.session.flush()
    record("assessment.risk_alert.raise", alert, subject_user_id=response.user_id)
    facilitators = db.session.scalars(
        sa.select(User)
        .join(CohortFacilitator, CohortFacilitator.user_id == User.id)
        .where(CohortFacilitator.cohort_id == response.cohort_id, User.active.is_(True))
    )
    for facilitator in facilitators:
        # IDs only: the builder loads what it shows, and says nothing clinical by email.
        outbox.enqueue(
            ALERT_KIND,
            facilitator,
            f"{ALERT_KIND}:{alert.id}:{facilitator.id}",
            {"alert_id": alert.id},
        )
    return alert


class AlertClosed(Refusal):
    """The alert was already acknowledged; the first note stands."""


def acknowledge(alert: RiskAlert, actor: User, note: str) -> None:
    """Close the alert for every facilitator, keeping who did it and their note.

    Raises ``AlertClosed`` when someone has acknowledged it already (their note stays).
    """
    if not alert.is_open:
        raise AlertClosed(_("This alert was already acknowledged; the note written then stands."))
    alert.acknowledged_at = utcnow()
    alert.acknowledged_by_id = actor.id
    alert.note = note.strip()
    db.session.flush()
    record("assessment.risk_alert.acknowledge", alert, subject_user_id=alert.user_id)


ACKNOWLEDGED_SHOWN = 200  # the acknowledged list shows the most recent ones


def _visible_alerts(user: User, acknowledged: bool = False) -> sa.Select[RiskAlert]:
    """Open (or acknowledged) alerts in the cohorts ``user`` facilitates (admins: the
    organisation)."""
    state = (
        RiskAlert.acknowledged_at.is_not(None)
        if acknowledged
        else RiskAlert.acknowledged_at.is_(None)
    )
    query = (
        sa.select(RiskAlert)
        .join(Cohort, Cohort.id == RiskAlert.cohort_id)
        .where(state, Cohort.organisation_id == user.organisation_id)
    )
    if not user.is_admin:
        query = query.where(
            RiskAlert.cohort_id.in_(
                sa.select(CohortFacilitator.cohort_id).where(CohortFacilitator.user_id == user.id)
            )
        )
    return query


def alerts_query(user: User, acknowledged: bool = False) -> sa.Select[RiskAlert]:
    """The alerts ``user`` may see in list order, with what a list shows loaded.

    Open ones newest first; ``acknowledged`` ones most recently acknowledged first.
    Participants see none (the query is still valid: it matches no row).
    """
    query = _visible_alerts(user, acknowledged).options(
        selectinload(RiskAlert.cohort),
        selectinload(RiskAlert.user),
        selectinload(RiskAlert.acknowledged_by),
        selectinload(RiskAlert.response).selectinload(AssessmentResponse.instrument),
    )
    if not user.is_staff:
        return query.where(sa.false())
    if acknowledged:
        return query.order_by(RiskAlert.acknowledged_at.desc(), RiskAlert.id.desc())
    return query.order_by(RiskAlert.created_at.desc(), RiskAlert.id.desc())


def alerts_for(user: User, acknowledged: bool = False) -> list[RiskAlert]:
    """The alerts ``user`` may see, with what the list shows: the open ones, newest first,
    or (``acknowledged``) the last ``ACKNOWLEDGED_SHOWN`` acknowledged, most recent first,
    so a note stays readable after the alert is closed. A fixed number of queries."""
    if not user.is_staff:
        return []
    query = alerts_query(user, acknowledged)
    if acknowledged:
        query = query.limit(ACKNOWLEDGED_SHOWN)
    return list(db.session.scalars(query))


def open_alert_count_expression(user: User) -> sa.ScalarSelect[int] | None:
    """A scalar subquery: how many open alerts ``user`` must see (None for participants,
    who see none)."""
    if not user.is_staff:
        return None
    subquery = _visible_alerts(user).with_only_columns(RiskAlert.id).subquery()
    return sa.select(sa.func.count()).select_from(subquery).scalar_subquery()


def open_alert_count(user: User) -> int:
    """How many open alerts ``user`` must see (one query; 0 for participants)."""
    expression = open_alert_count_expression(user)
    if expression is None:
        return 0
    return db.session.scalar(sa.select(expression)) or 0
