"""Programs: built-in templates and the organisation's editable copies."""

from flask import Blueprint

from groupapp.core.navigation import register_nav

bp = Blueprint("programs", __name__)
register_nav("Programs", "programs.index", ("admin", "facilitator"), order=30, group="library")

from groupapp.programs import access, views  # noqa: E402,F401
