"""Who may see and change organisations, people and invitations."""

from __future__ import annotations

from groupapp.accounts.models import Invitation, Organisation, User
from groupapp.core.access import policy, same_organisation


@policy(Organisation)
def organisation_policy(user: User, org: Organisation, action: str) -> bool:
    if action == "view":
        return user.organisation_id == org.id
    return user.is_admin and user.organisation_id == org.id


@policy(User)
def user_policy(user: User, person: User, action: str) -> bool:
    if user.id == person.id:
        return action in {"view", "edit", "export"}
    if not same_organisation(user, person.organisation_id):
        return False
    if user.is_admin:
        return True
    # Facilitators see people in their organisation; the cohorts domain narrows what they
    # may read of a participant's records.
    return user.role == "facilitator" and action == "view"


@policy(Invitation)
def invitation_policy(user: User, invitation: Invitation, action: str) -> bool:
    if not same_organisation(user, invitation.organisation_id):
        return False
    return user.is_admin or invitation.invited_by_id == user.id
