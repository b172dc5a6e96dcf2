"""Assessments."""

from flask import Blueprint

bp = Blueprint("assessments", __name__)

from groupapp.assessments import views  # noqa: E402,F401
