"""Home, health check and the development mail viewer."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

import sqlalchemy as sa
from flask import abort, current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user

from groupapp.core import bp
from groupapp.core.mail import captured_messages
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


def _dev_mail_enabled() -> None:
    if not current_app.config["DEV_MAIL_VIEWER"] or current_app.config["MAIL_SERVER"]:
        abort(404)


def _parse(path: Path):  # type: ignore[no-untyped-def]
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


@bp.route("/dev/mail")
def dev_mail():
    """Development only: the mail the app would have sent, newest first."""
    _dev_mail_enabled()
    messages = [(path.stem, _parse(path)) for path in captured_messages()[:200]]
    return render_template("dev/mail_list.html", messages=messages)


@bp.route("/dev/mail/<name>")
def dev_mail_message(name: str):
    _dev_mail_enabled()
    path = next((p for p in captured_messages() if p.stem == name), None)
    if path is None:
        abort(404)
    msg = _parse(path)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    return render_template(
        "dev/mail_message.html",
        msg=msg,
        text=text.get_content() if text else "",
        html=html.get_content() if html else "",
    )
