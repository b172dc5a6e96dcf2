"""After the meeting: the group note, and each member's private note and observation."""

from flask import Blueprint

bp = Blueprint("observations", __name__)

from groupapp.observations import dashboard, personal_data, progress, views  # noqa: E402,F401
