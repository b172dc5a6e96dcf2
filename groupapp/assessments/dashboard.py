"""The "check-ins due" panel on a participant's start page."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.assessments.checkins import Checkin, due_now
from groupapp.core.dashboard import register_panel


def checkins_due(user: User) -> list[Checkin]:
    return due_now(user) if user.role == "participant" else []


register_panel("assessments/_due_panel.html", checkins_due, order=20)
