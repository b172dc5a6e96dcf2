"""Intake: the history a member gives when joining a cohort, read by its facilitators."""

from flask import Blueprint

bp = Blueprint("intake", __name__)

from groupapp.intake import dashboard, notices, personal_data, views, views_form  # noqa: E402,F401
