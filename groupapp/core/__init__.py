"""Shared mechanisms: access decisions, mail, the outbox, time zones, error pages."""

from flask import Blueprint

bp = Blueprint("core", __name__)

from groupapp.core import dev_mail, views  # noqa: E402,F401  (registers routes on bp)
