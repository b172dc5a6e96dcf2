"""The risk-alert email to a facilitator: sent at once, and skipped once acknowledged.

It names the cohort and links to the alert; the answer itself stays in the app.
"""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.assessments.alerts import ALERT_KIND
from groupapp.assessments.models import RiskAlert
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.urls import external_url
from groupapp.db import db


@message_builder(ALERT_KIND)
def build_risk_alert(message: OutboxMessage) -> EmailContent | None:
    alert = db.session.get(RiskAlert, message.params["alert_id"])
    recipient = db.session.get(User, message.recipient_id)
    if alert is None or recipient is None or not recipient.active or not alert.is_open:
        return None
    link = external_url("assessments.alert", alert_id=alert.id)
    return render_email(
        "assessments/risk_alert",
        alert=alert,
        recipient=recipient,
        link=link,
        organisation_name=alert.cohort.organisation.name,
    )
