"""Assessments: instruments as data, scheduled check-ins, scoring, risk alerts, progress."""

from flask import Blueprint

# cli_group=None puts ``import-instrument`` at the top level of ``flask --app groupapp``.
bp = Blueprint("assessments", __name__, url_prefix="/assessments", cli_group=None)

from groupapp.assessments import (  # noqa: E402,F401
    access,
    attention,
    cli,
    copying,
    dashboard,
    emails,
    personal_data,
    schedule_views,
    staff_views,
    views,
)
