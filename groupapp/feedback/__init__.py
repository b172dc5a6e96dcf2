"""Group feedback after each meeting: a four-item scale members answer in a minute."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)

from groupapp.feedback import dashboard, notices, personal_data, views  # noqa: E402,F401
