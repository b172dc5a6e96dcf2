"""Notifications: scanners, message builders, preferences, unsubscribe and the outbox page."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

# Models, gates and builders register themselves on import.
from groupapp.notifications import (  # noqa: E402,F401
    attention,
    copying,
    digest_emails,
    emails,
    models,
    nudge_emails,
    nudge_views,
    personal_data,
    preferences,
    relevance,
    undeliverable,
    views,
)
