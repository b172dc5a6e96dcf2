"""Who may see a support link: its participant manages it; its support person reads
what it shows while it is live. Nobody else, staff included."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.core.access import policy
from groupapp.support.models import SUPPORTER_ROLE, SupportLink


@policy(SupportLink)
def support_link_policy(user: User, link: SupportLink, action: str) -> bool:
    if link.participant_id == user.id:
        return action in {"view", "manage"}
    supporting = user.role == SUPPORTER_ROLE and link.supporter_id == user.id and link.is_live
    return supporting and action in {"view", "read_shared"}
