"""Risk alerts: the open ones in the caller's cohorts, and acknowledging one with a note."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_login import current_user

from groupapp.api.auth import api_blueprint, require_staff
from groupapp.api.changes import commit_or_refuse
from groupapp.api.schemas import ID, PageArgs, Text, page_query, page_schema
from groupapp.assessments.alerts import acknowledge, alerts_query, open_alert_count
from groupapp.assessments.models import RiskAlert
from groupapp.audit.services import record
from groupapp.core.access import get_or_404
from groupapp.db import db

blp = api_blueprint("alerts", "Risk alerts raised by check-in answers")


class AlertSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    cohort_name = ma.fields.String(attribute="cohort.name", required=True)
    user_id = ma.fields.Integer(required=True, metadata={"description": "the participant"})
    display_name = ma.fields.String(attribute="user.display_name", required=True)
    response_id = ma.fields.Integer(required=True)
    instrument = ma.fields.String(attribute="response.instrument.short_name", required=True)
    item_ids = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "the items answered at risk"}
    )
    created_at = ma.fields.AwareDateTime(required=True)
    acknowledged_at = ma.fields.AwareDateTime(allow_none=True)
    acknowledged_by_id = ma.fields.Integer(allow_none=True)
    note = ma.fields.String(required=True)


class AcknowledgeSchema(ma.Schema):
    note = Text(
        2000,
        1,
        multiline=True,
        required=True,
        metadata={"description": "for the co-facilitators: who will contact the member, when"},
    )

    @ma.validates("note")
    def _not_blank(self, value: str, **_kwargs: Any) -> None:
        if not value.strip():
            raise ma.ValidationError("Write a note for your co-facilitators.")


@blp.route("/alerts", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(AlertSchema))
def list_alerts(args: dict[str, int]) -> Any:
    """Open risk alerts in the cohorts the caller runs (admins: the organisation), newest
    first, until someone acknowledges each. Audited as the alerts page is."""
    require_staff("Risk alerts")
    # The audit row is committed before the page is read: a commit expires loaded rows.
    record(
        "assessment.risk_alerts.read",
        ("RiskAlert", None),
        reason=f"{open_alert_count(current_user)} open",
    )
    db.session.commit()
    return page_query(alerts_query(current_user), args)


@blp.route(f"/alerts/<{ID}:alert_id>/acknowledge", methods=["POST"])
@blp.arguments(AcknowledgeSchema)
@blp.response(200, AlertSchema)
@blp.alt_response(409, description="Someone acknowledged the alert already")
def acknowledge_alert(body: dict[str, Any], alert_id: int) -> Any:
    """Close an alert for every facilitator of its cohort, with a note they all read."""
    alert = get_or_404(RiskAlert, alert_id, "acknowledge")
    commit_or_refuse(lambda: acknowledge(alert, current_user, body["note"]), status=409)
    return alert
