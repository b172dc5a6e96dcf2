"""Admin pages: publish the privacy notice, decide deletion requests."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from groupapp.audit import services as audit
from groupapp.core.access import get_or_404, role_required
from groupapp.core.navigation import register_nav
from groupapp.db import db
from groupapp.privacy import bp, services
from groupapp.privacy.forms import DecisionForm, NoticeForm
from groupapp.privacy.models import DeletionRequest

register_nav("Privacy notice", "privacy.edit_notice", ("admin",), order=91, group="admin")
register_nav("Deletion requests", "privacy.deletion_requests", ("admin",), order=92, group="admin")


@bp.route("/privacy/notice/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_notice():
    current = services.current_notice(current_user.organisation_id)
    form = NoticeForm(
        body=current.body if current else "",
        spanish_body=(current.translations or {}).get(services.SPANISH, "") if current else "",
    )
    if form.validate_on_submit():
        notice = services.publish_notice(current_user, form.body.data, form.spanish_body.data or "")
        db.session.commit()
        flash(_("Version %(number)s is published.", number=notice.version), "success")
        return redirect(url_for("privacy.edit_notice"))
    return render_template("privacy/edit_notice.html", form=form, notice=current)


@bp.route("/privacy/deletion-requests")
@role_required("admin")
def deletion_requests():
    requests = db.session.scalars(
        sa.select(DeletionRequest)
        .where(DeletionRequest.organisation_id == current_user.organisation_id)
        .order_by(DeletionRequest.status != "pending", DeletionRequest.created_at.desc())
    ).all()
    return render_template("privacy/deletion_requests.html", requests=requests)


@bp.route("/privacy/deletion-requests/<int:request_id>", methods=["GET", "POST"])
@role_required("admin")
def decide_deletion(request_id: int):
    deletion = get_or_404(DeletionRequest, request_id, "decide")
    form = DecisionForm()
    if deletion.status == "pending" and form.validate_on_submit():
        if form.decision.data == "complete":
            services.complete_deletion(deletion, current_user, form.reason.data)
            message = "The person's data is deleted and their account anonymised."
        else:
            services.decline_deletion(deletion, current_user, form.reason.data)
            message = "The request is declined."
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("privacy.deletion_requests"))
    audit.record("privacy.deletion.viewed", deletion, subject_user_id=deletion.user_id)
    db.session.commit()
    return render_template("privacy/decide_deletion.html", deletion=deletion, form=form)
