"""The "complete your intake" panel on a participant's start page."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.core.dashboard import register_panel
from groupapp.intake.queries import open_intakes


def intakes_to_complete(user: User) -> list[tuple[int, str]]:
    """Cohorts whose intake the participant has not completed yet (one statement)."""
    if user.role != "participant":
        return []
    return open_intakes(user.id)


register_panel("intake/_start_panel.html", intakes_to_complete, order=5)
