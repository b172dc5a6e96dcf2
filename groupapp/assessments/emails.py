"""The risk-alert email to a facilitator: sent at once, and skipped once acknowledged.

It names the cohort and links to the alert; the answer itself stays in the app.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, url_for

from groupapp.accounts.models import User
from groupapp.assessments.alerts import ALERT_KIND
from groupapp.assessments.models import RiskAlert
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.db import db


def _absolute(endpoint: str, **values: Any) -> str:
    """A link on ``BASE_URL``; works in the worker too, where there is no request."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context():
            path = url_for(endpoint, **values)
    return current_app.config["BASE_URL"].rstrip("/") + path


@message_builder(ALERT_KIND)
def build_risk_alert(message: OutboxMessage) -> EmailContent | None:
    alert = db.session.get(RiskAlert, message.params["alert_id"])
    recipient = db.session.get(User, message.recipient_id)
    if alert is None or recipient is None or not recipient.active or not alert.is_open:
        return None
    link = _absolute("assessments.alert", alert_id=alert.id)
    return render_email(
        "assessments/risk_alert",
        alert=alert,
        recipient=recipient,
        link=link,
        organisation_name=alert.cohort.organisation.name,
    )
