"""Signing in for a token, signing it out, and who the token belongs to."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import g, request
from flask_login import current_user

from groupapp.accounts import throttle
from groupapp.api import tokens
from groupapp.api.auth import CHALLENGE, api_blueprint, public
from groupapp.api.schemas import Text
from groupapp.core.problems import problem
from groupapp.db import db
from groupapp.privacy.gate import accept_first_message
from groupapp.privacy.services import needs_notice_acceptance

blp = api_blueprint("auth", "Tokens and the signed-in person")


class SignInSchema(ma.Schema):
    email = Text(254, required=True)
    # As typed: a password is never cleaned (the login form does not clean it either).
    password = ma.fields.String(
        required=True, load_only=True, validate=ma.validate.Length(max=1000)
    )
    totp = Text(40, metadata={"description": "authenticator or recovery code, when 2FA is on"})


class TokenSchema(ma.Schema):
    token = ma.fields.String(required=True)
    expires_at = ma.fields.AwareDateTime(required=True)


class MeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    display_name = ma.fields.String(required=True)
    role = ma.fields.String(required=True)
    timezone = ma.fields.String(required=True)
    organisation_id = ma.fields.Integer(required=True)


@blp.route("/auth/tokens", methods=["POST"])
@public
@throttle.guessing_limits(throttle.login_account_key)
@blp.arguments(SignInSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(401, description="Wrong credentials or second factor")
@blp.alt_response(403, description="The privacy notice is not accepted yet (in a browser)")
@blp.alt_response(429, description="Too many attempts")
def create_token(body: dict[str, Any]) -> Any:
    """Sign in with email and password (and ``totp`` when two-factor is on) for a token.

    A participant who has not accepted the current privacy notice gets no token (403
    saying where to accept it): a token they could not use would only confuse them.
    """
    try:
        user = tokens.check_credentials(body["email"], body["password"], body.get("totp"))
    except tokens.SignInRefused as refused:
        db.session.commit()  # the failed attempt's audit row
        return problem(401, str(refused), headers=CHALLENGE)
    if needs_notice_acceptance(user):
        return problem(403, accept_first_message())
    g._login_user = user  # from here on the request acts as them, as after the login form
    issued = tokens.sign_in(user, request.headers.get("User-Agent", ""))
    db.session.commit()
    return {"token": issued.secret, "expires_at": issued.row.expires_at}


@blp.route("/auth/tokens/current", methods=["DELETE"])
@blp.response(204)
def revoke_current_token() -> None:
    """Revoke the token this request was sent with (always possible, notice or not)."""
    tokens.revoke(g.api_token)
    db.session.commit()


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
def me() -> Any:
    """The person the token belongs to."""
    return current_user
