"""Meetings: schedules, changes, attendance and calendar feeds."""

from flask import Blueprint

from groupapp.core.i18n import N_
from groupapp.core.navigation import register_nav

bp = Blueprint("meetings", __name__)
register_nav(N_("My meetings"), "meetings.my_meetings", ("participant",), order=10)
register_nav(
    N_("Calendar"),
    "meetings.calendar_settings",
    ("admin", "facilitator", "participant"),
    order=80,
    group="you",
)

from groupapp.meetings import access, emails, handouts, personal_data, views  # noqa: E402,F401
