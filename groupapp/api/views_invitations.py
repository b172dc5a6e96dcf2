"""Invitations: an admin invites staff (or anyone invites whom the People page lets them),
and the invited person accepts with the token from their email's link."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import g, request
from flask_login import current_user
from flask_smorest import abort

from groupapp.accounts import services, throttle
from groupapp.accounts.forms import OFFERED_ZONES
from groupapp.accounts.passwords import password_problems
from groupapp.api import tokens
from groupapp.api.auth import CHALLENGE, api_blueprint, public
from groupapp.api.changes import commit_or_refuse, field_errors
from groupapp.api.cohort_schemas import InvitationSchema, InviteSchema
from groupapp.api.schemas import Text
from groupapp.api.views_auth import MeSchema
from groupapp.core.problems import problem
from groupapp.db import db
from groupapp.extensions import limiter
from groupapp.privacy.gate import accept_first_message
from groupapp.privacy.services import needs_notice_acceptance

blp = api_blueprint("invitations", "Invitations to the organisation and accepting them")

GONE = "That invitation link has expired, was used already or was never valid. Ask for a new one."


class NewInvitationSchema(InviteSchema):
    role = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(("facilitator", "participant")),
        metadata={"description": "admins invite facilitators; staff invite participants"},
    )


def _offered_zone(value: str) -> None:
    if value not in OFFERED_ZONES:
        raise ma.ValidationError("Choose a canonical time zone, such as Europe/London.")


class AcceptSchema(ma.Schema):
    """What a new account needs. Someone who has an account sends nothing but their token."""

    name = Text(120, 1, metadata={"description": "as the group will see it"})
    # As typed: a password is never cleaned (the accept form does not clean it either).
    password = ma.fields.String(load_only=True, validate=ma.validate.Length(max=1024))
    timezone = ma.fields.String(validate=[ma.validate.Length(max=64), _offered_zone])


class AcceptedSchema(ma.Schema):
    user = ma.fields.Nested(MeSchema, required=True)
    cohort_id = ma.fields.Integer(
        allow_none=True, metadata={"description": "the cohort offered, for a cohort invitation"}
    )
    token = ma.fields.String(
        allow_none=True, metadata={"description": "a new account's first API token"}
    )
    expires_at = ma.fields.AwareDateTime(allow_none=True)
    next_step = ma.fields.String(
        allow_none=True,
        metadata={
            "description": "set when a new account gets no token yet: where to accept the "
            "organisation's privacy notice before asking for one (POST /api/v1/auth/tokens)"
        },
    )


@blp.route("/invitations", methods=["POST"])
@throttle.invitation_limit
@blp.arguments(NewInvitationSchema)
@blp.response(201, InvitationSchema)
def create_invitation(body: dict[str, Any]) -> Any:
    """Invite someone into the organisation by email, as on the People page."""
    if body["role"] not in services.invitable_roles(current_user):
        abort(403, message=f"You cannot invite people as {body['role']}s.")
    return commit_or_refuse(
        lambda: services.invite(
            current_user.organisation,
            body["email"],
            body["role"],
            current_user,
            locale=body["locale"],
        )
    )


@blp.route("/invitations/<token>/accept", methods=["POST"])
@public
@limiter.limit(throttle.PER_ADDRESS_LINK, methods=["POST"])
@blp.arguments(AcceptSchema)
@blp.response(201, AcceptedSchema, description="The account was created")
@blp.alt_response(200, schema=AcceptedSchema, description="Added to the existing account")
@blp.alt_response(409, description="The address's account cannot take this invitation")
@blp.alt_response(410, description="The link expired, was used or is not valid")
def accept_invitation(body: dict[str, Any], token: str) -> Any:
    """Accept an invitation: ``{token}`` is the last segment of the emailed link.

    Without an account at the address, ``name``, ``password`` and ``timezone`` create one
    and the answer carries its first token, unless the organisation's privacy notice must be
    accepted first: then ``token`` is null and ``next_step`` says where. With one, its owner
    sends their own token and the invitation (a cohort's place) is added to their account.
    """
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return problem(410, GONE)
    existing = services.find_user_by_email(invitation.email)
    if services.must_sign_in_first(existing, current_user):
        return problem(
            401,
            "This address has an account: send its token (POST /api/v1/auth/tokens) to accept.",
            headers=CHALLENGE,
        )
    cohort_id = invitation.cohort_id
    if existing is not None:
        user = commit_or_refuse(
            lambda: services.accept_invitation(
                invitation, existing.display_name, "", existing.timezone
            ),
            status=409,
        )
        return {
            "user": user,
            "cohort_id": cohort_id,
            "token": None,
            "expires_at": None,
            "next_step": None,
        }, 200
    missing = "Needed to create the account."
    needed = {field: missing for field in ("name", "password", "timezone") if not body.get(field)}
    if "password" not in needed:
        weak = password_problems(body["password"], [invitation.email])
        needed |= {"password": " ".join(weak)} if weak else {}
    field_errors(needed)
    user = commit_or_refuse(
        lambda: services.accept_invitation(
            invitation, body["name"], body["password"], body["timezone"]
        ),
        status=409,
    )
    if needs_notice_acceptance(user):
        # As at POST /auth/tokens: no token the account could not use yet.
        db.session.commit()
        return {
            "user": user,
            "cohort_id": cohort_id,
            "token": None,
            "expires_at": None,
            "next_step": accept_first_message(),
        }
    g._login_user = user  # from here on the request acts as them, as after the web form
    issued = tokens.sign_in(user, request.headers.get("User-Agent", ""))
    db.session.commit()
    return {
        "user": user,
        "cohort_id": cohort_id,
        "token": issued.secret,
        "expires_at": issued.row.expires_at,
        "next_step": None,
    }
