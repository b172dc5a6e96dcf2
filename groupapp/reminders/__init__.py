"""Participants' own reminders: a practice prompt or check-in nudge at their own times."""

from flask import Blueprint

from groupapp.core.navigation import register_nav

bp = Blueprint("reminders", __name__)
register_nav("My reminders", "reminders.mine", ("participant",), order=82, group="you")

from groupapp.reminders import (  # noqa: E402,F401
    access,
    calendar,
    emails,
    personal_data,
    views,
)
