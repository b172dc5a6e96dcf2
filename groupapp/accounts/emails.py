"""Messages about accounts: invitations, password resets and email address changes (none
can be unsubscribed)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import current_app

from groupapp.accounts import profile
from groupapp.accounts.models import Invitation, User
from groupapp.accounts.services import (
    find_user_by_email,
    invitation_conflict,
    invitation_token,
    password_reset_token,
)
from groupapp.core import send_batch
from groupapp.core.i18n import force_locale, user_locale
from groupapp.core.mail import EmailContent, render_email
from groupapp.core.outbox import OutboxMessage, message_builder
from groupapp.core.urls import external_url
from groupapp.db import db


@send_batch.recipients_loader
def _recipients(rows: Sequence[OutboxMessage]) -> dict[int, User]:
    """Every recipient of a send batch's rows, by id (one query)."""
    ids = send_batch.recipient_ids(rows)
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}


@message_builder("password_reset")
def build_password_reset(message: OutboxMessage) -> EmailContent | None:
    user = db.session.get(User, message.recipient_id)
    if user is None or not user.active:
        return None
    link = external_url("accounts.reset_password", token=password_reset_token(user))
    return render_email("accounts/password_reset", user=user, link=link)


@message_builder("invitation")
def build_invitation(message: OutboxMessage) -> EmailContent | None:
    invitation = db.session.get(Invitation, message.params["invitation_id"])
    if invitation is None or not invitation.is_usable:
        return None
    existing = find_user_by_email(invitation.email)
    # Someone with an account reads their own language; anyone else the one the inviter chose.
    with force_locale(user_locale(existing) if existing is not None else invitation.locale):
        return _invitation_content(invitation, existing)


def _invitation_content(invitation: Invitation, existing: User | None) -> EmailContent | None:
    if existing is not None and invitation_conflict(invitation, existing) is not None:
        # The inviter is told "Invitation sent" either way; the person at the address
        # learns why it cannot be used (nothing is sent to a closed account).
        if not existing.active:
            return None
        content = render_email(
            "accounts/invitation_conflict",
            invitation=invitation,
            same_organisation=(existing.organisation_id == invitation.organisation_id),
        )
    else:
        link = external_url("accounts.accept_invitation", token=invitation_token(invitation))
        content = render_email("accounts/invitation", invitation=invitation, link=link)
    if invitation.invited_by is not None:
        content.reply_to = invitation.invited_by.email
    return content


@message_builder(profile.CONFIRM_KIND)
def build_email_change_confirm(message: OutboxMessage) -> EmailContent | None:
    """The link that confirms a new address; nothing once that address is no longer pending."""
    user = db.session.get(User, message.recipient_id)
    if user is None or not user.active or user.pending_email != message.recipient_email:
        return None
    link = external_url("accounts.confirm_email", token=profile.email_change_token(user))
    hours = current_app.config.get("EMAIL_CHANGE_MAX_AGE_HOURS", 24)
    return render_email("accounts/email_change_confirm", user=user, link=link, hours=hours)


@message_builder(profile.CHANGED_KIND)
def build_email_changed(message: OutboxMessage) -> EmailContent | None:
    """Tells the old address that the account now uses another one."""
    user = db.session.get(User, message.recipient_id)
    if user is None:
        return None
    return render_email("accounts/email_changed", user=user, new=profile.masked(user.email))
