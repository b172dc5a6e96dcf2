"""Pages around the API: the reference (from the OpenAPI document) and a person's tokens."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from groupapp.api import tokens
from groupapp.api.models import ApiToken
from groupapp.core.confirm import Confirmation, confirm_page, confirmed
from groupapp.db import db
from groupapp.programs.forms import EmptyForm

bp = Blueprint("api_pages", __name__)
# Swagger UI, as vendored by the swagger-ui-bundle package: no CDN.
SWAGGER_UI_DIR = Path(swagger_ui_bundle.swagger_ui_path)
SWAGGER_UI_FILES = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})


@bp.route("/api/v1/reference")
def reference() -> str:
    """The browsable reference, drawn by Swagger UI from /api/v1/openapi.json."""
    return render_template("api/reference.html")


@lru_cache(maxsize=len(SWAGGER_UI_FILES))
def _asset(name: str) -> bytes:
    return (SWAGGER_UI_DIR / name).read_bytes()


@bp.route("/api/v1/reference/assets/<name>")
def reference_asset(name: str) -> Any:
    """Swagger UI's script and style sheet, from the installed package."""
    if name not in SWAGGER_UI_FILES:
        abort(404)
    mimetype = "text/css" if name.endswith(".css") else "text/javascript"
    return Response(_asset(name), mimetype=mimetype)


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
    flash("The token is revoked; apps using it must sign in again.", "success")
    return redirect(url_for("api_pages.token_list"))
