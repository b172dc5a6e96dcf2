"""Support-person pages: the participant's (invite, choose, revoke, log) and the support
person's own (what they were shown)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from groupapp.core.access import get_or_404, role_required
from groupapp.core.actions import carry_out
from groupapp.core.confirm import Confirmation, confirm_page, confirmed
from groupapp.db import db
from groupapp.homework.pages import shown_to_reader
from groupapp.programs.forms import EmptyForm
from groupapp.support import bp, services
from groupapp.support.forms import InviteSupportForm, SupportChoicesForm
from groupapp.support.models import SUPPORTER_ROLE, SupportLink


def _choices_form(link: SupportLink) -> SupportChoicesForm:
    form = SupportChoicesForm()
    form.submissions.choices = [
        SelectChoice(s.id, s.assignment.title)
        for s in services.handed_in_homework(link.participant_id)
    ]
    if not form.is_submitted():
        form.schedule.data = link.sees_schedule
        form.submissions.data = [int(i) for i in link.shared_submission_ids]
    return form


@bp.route("/my/support", methods=["GET", "POST"])
@role_required("participant")
def mine():
    link = services.live_link_of(current_user.id)
    invite_form = InviteSupportForm()
    if link is None and invite_form.validate_on_submit():
        email = invite_form.email.data or ""
        if carry_out(
            lambda: services.invite_support_person(current_user, email),
            lambda made: _("An invitation is on its way to %(email)s.", email=made.email),
        ):
            return redirect(url_for("support.mine"))
    return render_template(
        "support/mine.html",
        link=link,
        invite_form=invite_form,
        choices_form=_choices_form(link) if link else None,
        revoke_form=EmptyForm(),
        log=services.view_log(current_user.id),
    )


@bp.route("/my/support/<int:link_id>/choices", methods=["POST"])
@role_required("participant")
def choose(link_id: int):
    link = get_or_404(SupportLink, link_id, "manage")
    if not link.is_live:
        abort(404)
    form = _choices_form(link)
    if form.validate_on_submit():
        carry_out(
            lambda: services.choose(
                link,
                schedule=bool(form.schedule.data),
                submission_ids=form.submissions.data or [],
            ),
            lambda _link: _("Saved. Your support person sees only what is ticked now."),
        )
    else:
        flash(_("Those choices could not be saved; try again."), "error")
    return redirect(url_for("support.mine"))


@bp.route("/my/support/<int:link_id>/revoke", methods=["POST"])
@role_required("participant")
def revoke(link_id: int):
    link = get_or_404(SupportLink, link_id, "manage")
    if not link.is_live or not EmptyForm().validate_on_submit():
        abort(404 if not link.is_live else 400)
    if not confirmed():
        return confirm_page(
            Confirmation(
                _("Stop sharing with %(email)s?", email=link.email),
                _("They lose access at once and are signed out. You can invite someone later."),
                _("Revoke access"),
                url_for("support.mine"),
            )
        )
    services.revoke(link)
    db.session.commit()
    flash(_("Access revoked. Your support person sees nothing of yours now."), "success")
    return redirect(url_for("support.mine"))


@bp.route("/support")
@role_required(SUPPORTER_ROLE)
def home():
    links = services.links_supported_by(current_user.id)
    shown = []
    for link in links:
        schedule = services.schedule_for(link)
        homework = services.shared_homework(link)
        if link.sees_schedule:
            services.record_view(link, "schedule")
        if link.sees_homework:
            services.record_view(link, "homework")
        shown.append((link, schedule, homework))
    db.session.commit()
    return render_template("support/home.html", shown=shown)


@bp.route("/support/<int:link_id>/homework/<int:submission_id>")
@role_required(SUPPORTER_ROLE)
def homework(link_id: int, submission_id: int):
    link = get_or_404(SupportLink, link_id, "read_shared")
    submission = services.open_shared_homework(link, submission_id)
    if submission is None:
        abort(404)
    db.session.commit()
    shown = shown_to_reader(submission.assignment)
    return render_template("support/homework.html", link=link, submission=submission, shown=shown)
