"""Pages around the API: the reference (from the OpenAPI document) and a person's tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from groupapp.api import API_PREFIX, tokens
from groupapp.api.models import ApiToken
from groupapp.api.reference import build_reference, operation_anchor
from groupapp.core.confirm import Confirmation, confirm_page, confirmed
from groupapp.db import db
from groupapp.programs.forms import EmptyForm

bp = Blueprint("api_pages", __name__)


@bp.route("/api/v1/reference")
def reference() -> str:
    """The browsable reference, read from the same OpenAPI document as /api/v1/openapi.json."""
    document = current_app.extensions["groupapp-api"].spec.to_dict()
    built = build_reference(document)
    anchors = {schema.name: schema.anchor for schema in built.schemas}
    return render_template(
        "api/reference.html",
        reference=built,
        schema_anchors=anchors,
        sign_in_anchor=operation_anchor("post", f"{API_PREFIX}/auth/tokens"),
        base_url=current_app.config["BASE_URL"].rstrip("/"),
    )


@bp.route("/account/api-tokens")
@login_required
def token_list() -> str:
    """The signed-in person's live API tokens, each with a button to revoke it."""
    return render_template(
        "api/tokens.html", api_tokens=tokens.tokens_of(current_user), form=EmptyForm()
    )


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int) -> Any:
    """Revoke one of one's own tokens (someone else's answers 404)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not confirmed():
        return confirm_page(
            Confirmation(
                f"Revoke the token for {token.client or 'an unnamed app'}?",
                "Apps using it stop working until they sign in again. This cannot be undone.",
                "Revoke the token",
                url_for("api_pages.token_list"),
            )
        )
    tokens.revoke(token)
    db.session.commit()
    flash(_("The token is revoked; apps using it must sign in again."), "success")
    return redirect(url_for("api_pages.token_list"))
