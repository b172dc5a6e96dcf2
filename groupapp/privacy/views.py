"""A person's own privacy pages: the notice, their data, their deletion request."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from groupapp.audit import services as audit
from groupapp.core.access import role_required
from groupapp.core.i18n import N_, current_locale
from groupapp.core.navigation import register_nav
from groupapp.core.personal_data import export_user, in_reader_words
from groupapp.core.template_helpers import viewer_zone
from groupapp.core.urls import safe_next_url
from groupapp.db import db
from groupapp.privacy import bp, consent, services
from groupapp.privacy.forms import AcceptNoticeForm, DeletionRequestForm
from groupapp.privacy.readable import readable

register_nav(N_("My data"), "privacy.my_data", ("participant",), order=85, group="you")


@bp.route("/privacy/notice")
@login_required
def notice():
    current = services.current_notice(current_user.organisation_id)
    must_accept = services.needs_notice_acceptance(current_user)
    words = services.notice_for_reader(current, current_locale()) if current else None
    form = AcceptNoticeForm(
        version=current.version if current else 0, language=words.language if words else ""
    )
    return render_template(
        "privacy/notice.html", notice=current, words=words, must_accept=must_accept, form=form
    )


@bp.route("/privacy/notice/accept", methods=["POST"])
@login_required
def accept_notice():
    form = AcceptNoticeForm()
    current = services.current_notice(current_user.organisation_id)
    if current is None or not form.validate_on_submit():
        return redirect(url_for("privacy.notice"))
    if form.version.data != current.version:
        flash(
            gettext("The notice was updated while you were reading. Please read this version."),
            "info",
        )
        return redirect(url_for("privacy.notice", next=request.args.get("next")))
    read_in = services.notice_for_reader(current, form.language.data).language
    consent.accept(
        current_user, services.NOTICE, current_user.organisation_id, current.version, read_in
    )
    db.session.commit()
    flash(
        gettext("Thank you. You can change your mind by asking for your data to be deleted."),
        "success",
    )
    return redirect(safe_next_url(request.args.get("next")) or url_for("core.index"))


def _export_for_current_user(action: str) -> dict:
    data = export_user(current_user)
    audit.record(action, current_user, subject_user_id=current_user.id)
    db.session.commit()
    return data


@bp.route("/privacy/my-data")
@login_required
def my_data():
    """Everything the app holds about the person, as a readable page."""
    data = _export_for_current_user("privacy.export.viewed")
    shown = readable(in_reader_words(current_user, data), viewer_zone())
    return render_template("privacy/my_data.html", data=shown)


@bp.route("/privacy/my-data.json")
@login_required
def my_data_json():
    data = _export_for_current_user("privacy.export.downloaded")
    body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-groupapp-data.json"'},
    )


@bp.route("/privacy/deletion", methods=["GET", "POST"])
@role_required("participant")
def deletion():
    """Ask for one's data to be deleted, or see how the request stands."""
    pending = services.pending_request(current_user)
    form = DeletionRequestForm()
    if pending is None and form.validate_on_submit():
        services.request_deletion(current_user, form.note.data or "")
        db.session.commit()
        flash(
            gettext("Your request is with your organisation's admin. You will hear back."),
            "success",
        )
        return redirect(url_for("privacy.deletion"))
    latest = services.latest_request(current_user)
    return render_template("privacy/deletion.html", form=form, pending=pending, latest=latest)
