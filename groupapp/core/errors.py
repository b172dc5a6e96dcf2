"""Friendly error pages (HTML) and JSON errors for API paths."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from groupapp.core.clients import request_prefers_json
from groupapp.core.i18n import N_
from groupapp.core.problems import from_http_exception, is_api_path, problem
from groupapp.core.request_limits import too_large_hint
from groupapp.db import db

# Titles and hints are translated where the page shows them.
MESSAGES = {
    400: (N_("Something in that request was not right"), N_("Go back and try again.")),
    403: (
        N_("You don't have access to this page"),
        N_("If you think you should, ask your facilitator."),
    ),
    404: (N_("We couldn't find that page"), N_("It may have moved, or it isn't yours to see.")),
    405: (N_("That page cannot be used that way"), N_("Go back and use the page's own links.")),
    410: (N_("This link no longer works"), N_("Ask for a new one.")),
    413: (N_("That was too much to send at once"), N_("Send a smaller file or less text.")),
    429: (N_("Too many attempts"), N_("Please wait a minute and try again.")),
    500: (
        N_("Something went wrong on our side"),
        N_("Nothing you typed is lost. Try again shortly."),
    ),
}


def http_error_response(error: HTTPException) -> Any:
    """The friendly page (or JSON for scripts, a problem document for the API) for an
    HTTP error."""
    code = error.code or 500
    if is_api_path(request.path):
        return from_http_exception(error)
    if request_prefers_json():
        return jsonify(error=error.name, status=code), code
    title, hint = MESSAGES.get(code, (error.name, error.description or ""))
    if isinstance(error, RequestEntityTooLarge):
        hint = too_large_hint()
    elif isinstance(error, CSRFError):
        # Flask-WTF's own reasons ("The CSRF token is missing.") mean nothing to a reader.
        hint = gettext("The page was open too long or in another tab. Reload it and try again.")
    elif error.description and error.description != type(error).description:
        hint = error.description  # a reason the app wrote for this request
    return render_template("errors/error.html", code=code, title=title, hint=hint), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        return http_error_response(error)

    @app.errorhandler(Exception)
    def server_error(error: Exception):  # type: ignore[no-untyped-def]
        db.session.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        if is_api_path(request.path):
            return problem(500, MESSAGES[500][1])
        title, hint = MESSAGES[500]
        return render_template("errors/error.html", code=500, title=title, hint=hint), 500
