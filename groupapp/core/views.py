"""Home and health check (the development mail viewer is in ``dev_mail.py``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user

from groupapp.core import bp
from groupapp.db import db

# Where each role starts: staff on their cohorts, participants on their meetings.
LANDING_PAGES = {
    "admin": "cohorts.index",
    "facilitator": "cohorts.index",
    "participant": "meetings.my_meetings",
}


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    endpoint = LANDING_PAGES.get(current_user.role, "core.home")
    if endpoint not in current_app.view_functions:
        endpoint = "core.home"
    return redirect(url_for(endpoint))


@bp.route("/home")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return render_template("core/home.html")


def _database_ok() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except Exception:
        db.session.rollback()
        return False


def _broker_ok() -> bool:
    celery_app = current_app.extensions["celery"]
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


@bp.route("/healthz")
def healthz():
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        **{k: "ok" if v else "down" for k, v in checks.items()},
    }
    return jsonify(body), 200 if healthy else 503
