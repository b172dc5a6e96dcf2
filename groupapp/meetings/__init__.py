"""Meetings: the schedule's rows and recurrence, attendance records and calendar files.

What needs to know a cohort's members (scheduling changes announced to them, taking
attendance, handouts, meeting emails, calendar feeds, the meeting pages and who may see
them) lives above, in groupapp.cohorts; the routes keep this blueprint's name.
"""

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

from groupapp.meetings import personal_data  # noqa: E402,F401
