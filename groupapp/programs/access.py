"""Who may see and edit an organisation's programs: its admins and facilitators."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.core.access import policy, same_organisation
from groupapp.programs.models import Program, ProgramTopic


@policy(Program)
def program_policy(user: User, program: Program, action: str) -> bool:
    if not same_organisation(user, program.organisation_id) or not user.is_staff:
        return False
    return action in {"view", "edit", "duplicate", "archive", "use"}


@policy(ProgramTopic)
def topic_policy(user: User, topic: ProgramTopic, action: str) -> bool:
    return program_policy(user, topic.program, action)
