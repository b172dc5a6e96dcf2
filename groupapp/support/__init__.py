"""A support person: someone a participant invites to see their schedule or chosen homework."""

from flask import Blueprint

from groupapp.core.navigation import register_nav
from groupapp.core.views import LANDING_PAGES

bp = Blueprint("support", __name__)
register_nav("My support person", "support.mine", ("participant",), order=84, group="you")
register_nav("Supporting", "support.home", ("supporter",), order=10)
LANDING_PAGES["supporter"] = "support.home"

from groupapp.support import access, gate, personal_data, views  # noqa: E402,F401

bp.before_app_request(gate.keep_supporters_on_their_pages)
