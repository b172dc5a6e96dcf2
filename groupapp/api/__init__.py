"""JSON API v1 (``/api/v1``): a thin layer over the services the pages use.

Requests and responses are validated and documented by the same marshmallow schemas
(flask-smorest); the OpenAPI document is served at ``/api/v1/openapi.json`` and a
browsable reference at ``/api/v1/reference``. Bearer tokens authorise it
(``groupapp.api.auth``); errors are RFC 9457 problems (``groupapp.core.problems``).
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

API_PREFIX = "/api/v1"


def settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Defaults for the API's settings (``API_TOKEN_MAX_AGE_DAYS`` from the environment)."""
    env = os.environ if environ is None else environ
    return {
        "API_TITLE": "groupapp",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": API_PREFIX,
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "security": [{"bearerAuth": []}],
            "servers": [{"url": "/"}],
            "info": {
                "description": "Integrations and mobile clients. Sign in with POST "
                "/api/v1/auth/tokens, then send Authorization: Bearer <token>."
            },
        },
        "API_TOKEN_MAX_AGE_DAYS": int(env.get("API_TOKEN_MAX_AGE_DAYS", "30")),
    }


def init_app(app: Flask) -> None:
    """Register the API's blueprints, its document and its pages on ``app``."""
    from groupapp.api import (
        pages,
        views_alerts,
        views_assessments,
        views_auth,
        views_cohorts,
        views_exports,
        views_feedback,
        views_goals,
        views_handouts,
        views_homework,
        views_instruments,
        views_intake,
        views_invitations,
        views_meetings,
        views_messages,
        views_observations,
        views_programs,
        views_registers,
        views_reminders,
        views_scores,
        views_submissions,
        views_support,
    )
    from groupapp.api.spec import ProblemApi
    from groupapp.extensions import csrf

    for key, value in settings().items():
        app.config.setdefault(key, value)
    api = ProblemApi(app)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "an API token"}
    )
    for module in (
        views_auth,
        views_alerts,
        views_exports,
        views_invitations,
        views_programs,
        views_handouts,
        views_cohorts,
        views_meetings,
        views_homework,
        views_assessments,
        views_submissions,
        views_intake,
        views_goals,
        views_observations,
        views_feedback,
        views_instruments,
        views_scores,
        views_registers,
        views_messages,
        views_reminders,
        views_support,
    ):
        csrf.exempt(module.blp)  # bearer tokens, never cookies: nothing to forge
        api.register_blueprint(module.blp)
    app.register_blueprint(pages.bp)
    app.extensions["groupapp-api"] = api
