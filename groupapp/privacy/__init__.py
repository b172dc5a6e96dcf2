"""Privacy: the organisation's privacy notice and consent, data export, deletion requests."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from groupapp.privacy import (  # noqa: E402,F401
    access,
    emails,
    gate,
    personal_data,
    views,
    views_admin,
)
