"""Between meetings: announcements to a cohort and private messages with its facilitators."""

from flask import Blueprint

from groupapp.core.i18n import N_
from groupapp.core.navigation import register_nav

bp = Blueprint("messaging", __name__)
# Participants have room for one more top-level entry; staff headers are full (six), so
# their link sits in the person's menu, which shows the unread count on its own label.
register_nav(N_("Messages"), "messaging.inbox", ("participant",), order=20)
register_nav("Messages", "messaging.staff_inbox", ("admin", "facilitator"), order=70, group="you")

from groupapp.messaging import (  # noqa: E402,F401
    access,
    dashboard,
    emails,
    personal_data,
    views_announcements,
    views_threads,
)
