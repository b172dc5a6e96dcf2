"""Access expectations for the accounts routes (format: tests/trust/README.md)."""

from __future__ import annotations

from groupapp.accounts.services import invitation_token, invite, password_reset_token
from groupapp.db import db
from tests.trust.matrix import ADMINS, LOGIN, PUBLIC, SIGNED_IN, STAFF, Case, allow, everyone

#: Signed-in pages a support person reaches as well (their minimal account).
WITH_SUPPORT_PERSON = {**SIGNED_IN, **allow("support_person")}


def _invitation(world):  # type: ignore[no-untyped-def]
    invitation = invite(world.org, "newcomer@example.com", "participant", world.facilitator)
    db.session.commit()
    return {"token": invitation_token(invitation)}


def _reset(world):  # type: ignore[no-untyped-def]
    return {"token": password_reset_token(world.owner)}


def _email_change(world):  # type: ignore[no-untyped-def]
    from groupapp.accounts.profile import email_change_token

    world.owner.pending_email = f"new.{world.owner.id}@example.com"  # one per world
    db.session.commit()
    return {"token": email_change_token(world.owner)}


def _new_address(world, values):  # type: ignore[no-untyped-def]
    from tests.support.factories import Factories

    return {"email": "someone.new@example.com", "password": Factories.PASSWORD}


def _owner(world):  # type: ignore[no-untyped-def]
    return {"user_id": world.owner.id}


def _reason(world, values):  # type: ignore[no-untyped-def]
    return {"reason": "left the programme"}


def _support_lines(world, values):  # type: ignore[no-untyped-def]
    return {"text": "Call 116 123, any time.", "spanish_text": "Llame al 024."}


ACCESS = {
    # Signed-in visitors are sent on to the home page (a redirect counts as OK).
    "accounts.login": Case(get=PUBLIC, post=PUBLIC),
    # Without a pending password step everyone is sent back to the login page.
    "accounts.login_code": Case(get=everyone(LOGIN), post=everyone(LOGIN)),
    "accounts.logout": Case(post=everyone(LOGIN), note="signs out, then shows the login page"),
    "accounts.forgot_password": Case(get=PUBLIC, post=PUBLIC),
    # The signed token is the credential: whoever holds the link may use it.
    "accounts.reset_password": Case(values=_reset, get=PUBLIC, post=PUBLIC),
    "accounts.accept_invitation": Case(values=_invitation, get=PUBLIC, post=PUBLIC),
    "accounts.invite_person": Case(get=STAFF, post=STAFF),
    # A support person has this minimal account too (groupapp/support/gate.py).
    "accounts.change_password": Case(get=WITH_SUPPORT_PERSON, post=WITH_SUPPORT_PERSON),
    "accounts.settings": Case(get=WITH_SUPPORT_PERSON, post=WITH_SUPPORT_PERSON),
    "accounts.change_email": Case(post=SIGNED_IN, data=_new_address),
    # The signed token is the credential, as for a reset link; the page asks for a click.
    "accounts.confirm_email": Case(
        values=_email_change,
        get=PUBLIC,
        post=PUBLIC,
        audit={"POST": "accounts.email.changed"},
    ),
    "accounts.two_factor_page": Case(get=SIGNED_IN),
    "accounts.two_factor_confirm": Case(post=SIGNED_IN),
    "accounts.two_factor_cancel": Case(post=SIGNED_IN),
    "accounts.two_factor_disable": Case(post=SIGNED_IN),
    "accounts.people": Case(get=ADMINS, audit={"GET": "accounts.people.read"}),
    "accounts.support_lines": Case(
        get=ADMINS,
        post=ADMINS,
        data=_support_lines,
        audit={"POST": "organisation.support_lines.changed"},
    ),
    # Staff look up colleagues' addresses to name them on cohort forms.
    "accounts.staff": Case(get=STAFF),
    "accounts.deactivate": Case(
        values=_owner,
        get=allow("admin"),
        post=allow("admin"),
        data=_reason,
        audit={"POST": "accounts.user.deactivated"},
    ),
    "accounts.reactivate": Case(
        values=_owner, post=allow("admin"), audit={"POST": "accounts.user.reactivated"}
    ),
}
