"""Cohorts."""

from flask import Blueprint

bp = Blueprint("cohorts", __name__)

from groupapp.cohorts import views  # noqa: E402,F401
