"""Announcement pages: the cohort's list, posting, editing and withdrawing."""

from __future__ import annotations

import sqlalchemy as sa
from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from groupapp.cohorts.access import manages
from groupapp.cohorts.models import Cohort
from groupapp.cohorts.queries import cohort_page
from groupapp.core.access import check
from groupapp.core.actions import carry_out
from groupapp.db import db
from groupapp.messaging import announcements, bp
from groupapp.messaging.forms import AnnouncementForm, EditAnnouncementForm
from groupapp.messaging.models import Announcement
from groupapp.programs.forms import EmptyForm

bp.add_app_template_global(announcements.announcement_words, "announcement_words")


def _text(form: AnnouncementForm | EditAnnouncementForm) -> announcements.AnnouncementText:
    """What the form holds, for the service."""
    return announcements.AnnouncementText(
        form.subject.data,
        form.body.data,
        form.pinned.data,
        bool(getattr(form, "text_in_email", None) and form.text_in_email.data),
        form.spanish_subject.data or "",
        form.spanish_body.data or "",
    )


def _cohort(cohort_id: int, action: str = "view") -> Cohort:
    return check(cohort_page(cohort_id), action)


def _announcement(announcement_id: int, action: str = "view") -> Announcement:
    announcement = db.session.get(Announcement, announcement_id)
    if announcement is not None:
        cohort_page(announcement.cohort_id)  # links and memberships for the access rule
    return check(announcement, action)


@bp.route("/cohorts/<int:cohort_id>/announcements", endpoint="announcements")
@login_required
def announcements_list(cohort_id: int):  # type: ignore[no-untyped-def]
    cohort = _cohort(cohort_id)
    staff = manages(current_user, cohort)
    page = announcements.cohort_page(cohort.id, request.args.get("after"), staff)
    pinned = (
        db.session.scalars(
            sa.select(Announcement)
            .where(
                Announcement.cohort_id == cohort.id,
                Announcement.pinned,
                Announcement.withdrawn_at.is_(None),
            )
            .order_by(Announcement.created_at.desc())
            .limit(3)
        ).all()
        if page.first
        else []
    )
    return render_template(
        "messaging/announcements.html",
        cohort=cohort,
        page=page,
        pinned=pinned,
        staff=staff,
        form=EmptyForm(),
    )


@bp.route("/cohorts/<int:cohort_id>/announcements/new", methods=["GET", "POST"])
@login_required
def new_announcement(cohort_id: int):  # type: ignore[no-untyped-def]
    cohort = _cohort(cohort_id, "manage")
    form = AnnouncementForm()
    if form.validate_on_submit():
        text = _text(form)
        if carry_out(
            lambda: announcements.post(cohort, current_user, text),
            lambda _a: _("Announcement posted. Members who joined get an email."),
        ):
            return redirect(url_for("messaging.announcements", cohort_id=cohort.id))
    return render_template("messaging/announcement_form.html", cohort=cohort, form=form)


@bp.route("/announcements/<int:announcement_id>/edit", methods=["GET", "POST"])
@login_required
def edit_announcement(announcement_id: int):  # type: ignore[no-untyped-def]
    announcement = _announcement(announcement_id, "edit")
    spanish = (announcement.translations or {}).get(announcements.SPANISH) or {}
    form = EditAnnouncementForm(
        obj=announcement,
        spanish_subject=spanish.get("subject", ""),
        spanish_body=spanish.get("body", ""),
    )
    if form.validate_on_submit():
        text = _text(form)
        if carry_out(
            lambda: announcements.edit(announcement, current_user, text),
            lambda _a: _("Announcement changed. No new email was sent."),
        ):
            return redirect(url_for("messaging.announcements", cohort_id=announcement.cohort_id))
    return render_template(
        "messaging/announcement_form.html",
        cohort=announcement.cohort,
        form=form,
        announcement=announcement,
    )


@bp.route("/announcements/<int:announcement_id>/withdraw", methods=["POST"])
@login_required
def withdraw_announcement(announcement_id: int):  # type: ignore[no-untyped-def]
    announcement = _announcement(announcement_id, "withdraw")
    if EmptyForm().validate_on_submit():
        carry_out(
            lambda: announcements.withdraw(announcement, current_user),
            lambda _a: _("Announcement withdrawn. Members no longer see it."),
        )
    return redirect(url_for("messaging.announcements", cohort_id=announcement.cohort_id))
