"""Audit."""

from flask import Blueprint

bp = Blueprint("audit", __name__)

from groupapp.audit import views  # noqa: E402,F401
