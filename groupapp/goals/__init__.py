"""Personal goals: what each member wants to change, rated over time (GAS levels)."""

from flask import Blueprint

bp = Blueprint("goals", __name__)

from groupapp.goals import dashboard, personal_data, views  # noqa: E402,F401
