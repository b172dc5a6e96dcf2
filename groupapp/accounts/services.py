"""Account operations. They flush, never commit: the view or command commits once."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from groupapp.accounts.models import Invitation, Organisation, User
from groupapp.accounts.passwords import hash_password, needs_rehash, verify_password
from groupapp.accounts.tokens import make_token, read_token
from groupapp.audit import services as audit
from groupapp.core import outbox
from groupapp.core.actions import Refusal
from groupapp.core.addresses import canonical_email
from groupapp.core.i18n import DEFAULT_LOCALE, supported_or_default
from groupapp.db import db, utcnow

# Verifying against this keeps the time of a login for an unknown email close to a real one.
_DUMMY_HASH = hash_password("not-a-real-password-for-timing")


def normalise_email(email: str) -> str:
    """The one stored form of an address (see ``groupapp.core.addresses``); never raises."""
    return canonical_email(email)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "organisation"


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def get_or_create_organisation(name: str) -> Organisation:
    slug = slugify(name)
    org = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
    if org is None:
        org = Organisation(name=name.strip(), slug=slug)
        db.session.add(org)
        db.session.flush()
    return org


def create_user(
    organisation: Organisation,
    email: str,
    display_name: str,
    role: str,
    password: str | None = None,
    timezone: str = "UTC",
    locale: str = DEFAULT_LOCALE,
) -> User:
    user = User(
        organisation=organisation,
        email=normalise_email(email),
        display_name=display_name.strip(),
        role=role,
        timezone=timezone,
        locale=supported_or_default(locale),
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (never says which was wrong)."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def record_failed_login(email: str) -> User | None:
    """Audit a failed sign-in (form or API); returns the account the email names, if any."""
    known = find_user_by_email(email)
    audit.record(
        "accounts.login.failed",
        ("User", known.id if known else None),
        subject_user_id=known.id if known else None,
        organisation_id=known.organisation_id if known else None,
    )
    return known


def set_password(user: User, password: str) -> None:
    """Store a new password and end every existing session of the user."""
    user.password_hash = hash_password(password)
    user.end_all_sessions()


# --- password reset -------------------------------------------------------------------


def password_fingerprint(user: User) -> str:
    # Part of the reset token: once the password changes, earlier links stop working.
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def password_reset_token(user: User) -> str:
    return make_token("password-reset", {"u": user.id, "p": password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE_MINUTES"] * 60
    payload = read_token("password-reset", token, max_age)
    if not isinstance(payload, dict):
        return None
    user = db.session.get(User, payload.get("u"))
    if user is None or not user.active or payload.get("p") != password_fingerprint(user):
        return None
    return user


def request_password_reset(email: str) -> None:
    """Queue a reset email if the address belongs to an active user; silent otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    # One message per user per quarter hour: repeated requests do not flood the inbox.
    window = int(utcnow().timestamp() // 900)
    outbox.enqueue("password_reset", user, f"password_reset:{user.id}:{window}")


# --- invitations ------------------------------------------------------------------------


def invite(
    organisation: Organisation,
    email: str,
    role: str,
    invited_by: User | None,
    cohort_id: int | None = None,
    locale: str | None = None,
) -> Invitation:
    """Create an invitation and queue its email. Earlier open invitations stay valid.

    ``locale`` is the invitee's language as the inviter chose it (a ``SUPPORTED_LOCALES``
    code; None or an unknown code gives the default): the email to someone without an
    account and the accept page are in it.
    """
    days = current_app.config["INVITATION_MAX_AGE_DAYS"]
    invitation = Invitation(
        organisation=organisation,
        email=normalise_email(email),
        role=role,
        invited_by=invited_by,
        cohort_id=cohort_id,
        locale=supported_or_default(locale),
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    recipient: Any = find_user_by_email(email) or Address(
        invitation.email, invitation.organisation_id
    )
    outbox.enqueue(
        "invitation", recipient, f"invitation:{invitation.id}", {"invitation_id": invitation.id}
    )
    return invitation


def invitable_roles(inviter: User) -> tuple[str, ...]:
    """The roles ``inviter`` may invite people into: admins invite facilitators and
    participants, facilitators invite participants, participants nobody."""
    if inviter.is_admin:
        return ("facilitator", "participant")
    if inviter.role == "facilitator":
        return ("participant",)
    return ()


class Address:
    """An outbox recipient reached at ``email``: someone invited who has no account yet
    (``user_id`` None), or a user at an address other than their current one."""

    def __init__(self, email: str, organisation_id: int, user_id: int | None = None) -> None:
        self.id = user_id
        self.email = email
        self.organisation_id = organisation_id


def invitation_token(invitation: Invitation) -> str:
    return make_token("invitation", {"i": invitation.id, "n": invitation.nonce})


def invitation_for_token(token: str) -> Invitation | None:
    """The usable invitation behind a link, or None (tampered, expired, used or revoked)."""
    max_age = current_app.config["INVITATION_MAX_AGE_DAYS"] * 86400
    payload = read_token("invitation", token, max_age)
    if not isinstance(payload, dict):
        return None
    invitation = db.session.get(Invitation, payload.get("i"))
    if invitation is None or invitation.nonce != payload.get("n") or not invitation.is_usable:
        return None
    return invitation


class AccountError(Refusal):
    """An account change that is not possible; the message is shown as it is."""


class InvitationError(Refusal):
    """An invitation that cannot be used by this account; the message is shown as it is."""


def invitation_conflict(invitation: Invitation, user: User) -> str | None:
    """Why ``user`` (the account at the invited address) cannot take ``invitation``, or None.

    Asked when the invitation email is built (an address owned by another organisation
    gets a notice instead of a link, so the inviter learns nothing) and again when the
    link is used, so accepting checks the same rules as inviting.
    """
    if user.erased_at is not None or not user.active:
        return _("That account is closed.")
    if user.organisation_id != invitation.organisation_id:
        return _("That address belongs to an account in another organisation.")
    if user.role != invitation.role:
        return _("This invitation is for another kind of account than yours.")
    return None


def must_sign_in_first(existing: User | None, caller: Any) -> bool:
    """True when the invited address has an account and ``caller`` is not its owner.

    Only the owner, signed in, adds an invitation to an existing account; anyone holding
    the link creates the account when the address has none.
    """
    if existing is None:
        return False
    return not (caller is not None and caller.is_authenticated and caller.id == existing.id)


def accept_invitation(
    invitation: Invitation,
    display_name: str,
    password: str,
    timezone: str,
    locale: str = DEFAULT_LOCALE,
) -> User:
    """Create the invited user (or attach an existing one) and use up the invitation.

    ``locale`` is the new account's language (a code of ``SUPPORTED_LOCALES``); an existing
    account keeps its own.

    Raises ``InvitationError`` when the address belongs to an account the invitation
    cannot apply to (another organisation, another role, a closed account).
    """
    user = find_user_by_email(invitation.email)
    if user is not None:
        conflict = invitation_conflict(invitation, user)
        if conflict is not None:
            raise InvitationError(conflict)
    else:
        user = create_user(
            invitation.organisation,
            invitation.email,
            display_name,
            invitation.role,
            password=password,
            timezone=timezone,
            locale=locale,
        )
    invitation.accepted_at = utcnow()
    invitation.accepted_user_id = user.id
    for hook in _acceptance_hooks:
        hook(invitation, user)
    return user


_acceptance_hooks: list = []


def on_invitation_accepted(fn):  # type: ignore[no-untyped-def]
    """Let another domain (cohorts) act when an invitation is accepted, in the same transaction."""
    _acceptance_hooks.append(fn)
    return fn


# --- account changes -----------------------------------------------------------------------


def change_password(user: User, new_password: str) -> None:
    """Set a new password chosen by its owner; every other session of theirs ends."""
    set_password(user, new_password)
    audit.record("accounts.password.changed", user, subject_user_id=user.id)


def deactivate_user(user: User, reason: str) -> None:
    """Stop a person signing in; all their sessions end on the server at once."""
    user.active = False
    user.end_all_sessions()
    audit.record("accounts.user.deactivated", user, subject_user_id=user.id, reason=reason)


def reactivate_user(user: User) -> None:
    """Let a deactivated person sign in again; an erased person never comes back.

    Raises ``AccountError`` for an erased account.
    """
    if user.erased_at is not None:
        raise AccountError(
            _("This person's data was erased at their request; the account cannot be reactivated.")
        )
    user.active = True
    audit.record("accounts.user.reactivated", user, subject_user_id=user.id)
