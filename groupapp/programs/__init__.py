"""Programs."""

from flask import Blueprint

bp = Blueprint("programs", __name__)

from groupapp.programs import views  # noqa: E402,F401
