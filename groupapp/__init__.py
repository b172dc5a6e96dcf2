"""groupapp: run support-group cohorts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_babel import gettext

from groupapp.config import load_settings
from groupapp.core.ids import IdMap

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

BLUEPRINTS = (
    "core",
    "accounts",
    "audit",
    "programs",
    "cohorts",
    "meetings",
    "homework",
    "assessments",
    "intake",
    "observations",
    "goals",
    "feedback",
    "messaging",
    "reminders",
    "support",
    "notifications",
    "privacy",
)


class App(Flask):
    """Flask, with the URL map that bounds ids and answers 404 for impossible ones."""

    url_map_class = IdMap


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, CLI, security headers."""
    app = App(__name__, instance_relative_config=True, template_folder=str(TEMPLATE_DIR))
    from groupapp.core.json_body import BoundedJSONProvider

    app.json = BoundedJSONProvider(app)  # every JSON body is read within fixed bounds
    app.config.from_mapping(load_settings(app.instance_path))
    if test_config:
        app.config.update(test_config)
    if app.config["ENV_NAME"] == "production":
        app.config["DEBUG"] = False
    logging.basicConfig(level=logging.INFO)

    from groupapp import models  # noqa: F401  (the whole schema)
    from groupapp.core import rate_limit_storage  # noqa: F401  (registers its URI scheme)
    from groupapp.core.errors import register_error_handlers
    from groupapp.core.form_problems import register_form_problems
    from groupapp.core.i18n import N_
    from groupapp.core.mail import close_connections
    from groupapp.core.navigation import register_navigation
    from groupapp.core.outbox import dispatch_committed
    from groupapp.core.outbox_send import LINKS_ONLY
    from groupapp.core.security import register_security_headers
    from groupapp.core.template_helpers import register_template_helpers
    from groupapp.db import db, engine_options, keep_prepared_statements, watch_pooled_connections
    from groupapp.extensions import celery_init_app, csrf, init_migrations, limiter, login_manager

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    db.init_app(app)
    with app.app_context():
        watch_pooled_connections(db.engine)
        keep_prepared_statements(db.engine)
    init_migrations(
        app,
        db,
        directory=str(Path(__file__).resolve().parent.parent / "migrations"),
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    from groupapp.core.request_limits import register_request_limits

    register_request_limits(app)  # before CSRF checking reads any form
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = N_("Please sign in to continue.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    limiter.init_app(app)
    celery_init_app(app)
    from groupapp.core.page_cache import init_page_cache

    init_page_cache(app)
    from groupapp.core.i18n import init_i18n

    init_i18n(app)

    import importlib

    # Every ``<int:...>`` refuses ids no column can hold (``IdMap``, the app's URL map).
    for name in BLUEPRINTS:
        module = importlib.import_module(f"groupapp.{name}")
        app.register_blueprint(module.bp)

    from groupapp import api

    api.init_app(app)  # the JSON API sits on top of every domain

    register_error_handlers(app)
    register_security_headers(app)
    register_navigation(app)
    register_template_helpers(app)
    register_form_problems(app)

    @app.after_request
    def send_committed_messages(response):  # type: ignore[no-untyped-def]
        dispatch_committed()
        return response

    @app.teardown_request
    def close_mail_connection(_exc: BaseException | None) -> None:
        # A web request that sent mail itself (inline dispatch) must not leave the SMTP
        # connection open in a thread that is about to end; the worker keeps its own open
        # across the messages of a batch and from one batch to the next (a batch builds
        # its links in a request context of its own, marked so).
        if not request.environ.get(LINKS_ONLY):
            close_connections()

    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from groupapp.cli import register_cli

    register_cli(app)
    return app
