"""Who may see and decide deletion requests, and see privacy notices."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.core.access import policy, same_organisation
from groupapp.privacy.models import DeletionRequest, PrivacyNotice


@policy(DeletionRequest)
def deletion_request_policy(user: User, request: DeletionRequest, action: str) -> bool:
    if user.id == request.user_id:
        return action == "view"
    return user.is_admin and same_organisation(user, request.organisation_id)


@policy(PrivacyNotice)
def notice_policy(user: User, notice: PrivacyNotice, action: str) -> bool:
    if not same_organisation(user, notice.organisation_id):
        return False
    return action == "view" or user.is_admin
