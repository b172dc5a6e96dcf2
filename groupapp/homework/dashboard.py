"""The "homework to do" panel on a participant's start page."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.core.dashboard import register_panel
from groupapp.homework.models import DRAFT, REVISION_REQUESTED, TO_DO, Submission
from groupapp.homework.queries import due_sort_key, user_submissions

OPEN_WORK = (REVISION_REQUESTED, TO_DO, DRAFT)


def homework_to_do(user: User) -> list[Submission]:
    """Work the participant still has to hand in, soonest due first."""
    if user.role != "participant":
        return []
    return sorted(user_submissions(user, OPEN_WORK), key=due_sort_key)


register_panel("homework/_due_panel.html", homework_to_do, order=10)
