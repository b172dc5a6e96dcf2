"""The "how was the meeting?" panel on a participant's start page."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.core.dashboard import register_panel
from groupapp.feedback.services import FeedbackRequest, open_requests


def feedback_to_give(user: User) -> list[FeedbackRequest]:
    """Meetings whose feedback the participant can still give (one statement)."""
    if user.role != "participant":
        return []
    return open_requests(user.id)


register_panel("feedback/_start_panel.html", feedback_to_give, order=4)
