"""Cohorts: creation from a program, facilitators, enrolment, waitlist, group agreement."""

from flask import Blueprint

from groupapp.core.navigation import register_nav

bp = Blueprint("cohorts", __name__)
register_nav("Cohorts", "cohorts.index", ("admin", "facilitator"), order=20)

from groupapp.cohorts import (  # noqa: E402,F401
    access,
    attention,
    copy_views,
    handouts,
    meeting_access,
    meeting_emails,
    meeting_views,
    personal_data,
    register_views,
    views,
    views_agreement,
)
