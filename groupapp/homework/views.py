"""Participant homework pages: the list, the fill page with autosave, sharing, reading."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from groupapp.cohorts.models import Cohort
from groupapp.core.access import can, get_or_404
from groupapp.core.form_problems import Problem, problems_context
from groupapp.core.timezones import format_time
from groupapp.db import db
from groupapp.homework import bp
from groupapp.homework.access import is_active_member, runs_cohort
from groupapp.homework.answers import Errors
from groupapp.homework.forms import ShareForm
from groupapp.homework.models import TO_DO, Submission
from groupapp.homework.pages import reader_title, submission_page
from groupapp.homework.queries import participant_homework, shared_in_cohort
from groupapp.homework.services import (
    HomeworkError,
    member_cohort_ids,
    reach_later_joiners,
    save_draft,
    set_sharing,
    submit,
    working_answers,
)
from groupapp.homework.translations import title_as_rendered

bp.add_app_template_global(reader_title, "homework_title")
bp.add_app_template_global(title_as_rendered, "homework_title_as_rendered")


@bp.route("/homework/")
@login_required
def my_homework() -> Any:
    """The participant's homework by status; staff land on their review queue."""
    if current_user.is_staff:
        return redirect(url_for("homework.review_queue"))
    cohort_ids = member_cohort_ids(current_user)
    if reach_later_joiners(cohort_ids):
        db.session.commit()
    groups = participant_homework(current_user)
    cohorts = db.session.query(Cohort).filter(Cohort.id.in_(cohort_ids)).order_by(Cohort.name)
    return render_template("homework/my_list.html", groups=groups, cohorts=cohorts.all())


def _fill_page(submission: Submission, errors: Errors, status: int = 200) -> Any:
    return submission_page(
        "homework/fill.html",
        submission,
        status,
        answers=working_answers(submission),
        errors=errors,
        kept=submission.status != TO_DO,
        share_form=_share_form(submission),
        **problems_context(Problem(f"hw-{name}", text) for name, text in errors.items()),
        server_saved_ms=_server_saved_ms(submission),
    )


def _server_saved_ms(submission: Submission) -> int:
    """When the server last stored this work, for the page script's restore decision."""
    saved = submission.draft_saved_at or submission.updated_at
    return int(saved.timestamp() * 1000) if saved else 0


def _share_form(submission: Submission) -> ShareForm:
    form = ShareForm(formdata=None)
    form.share.data = submission.share_with_group
    form.shared_name.data = submission.shared_name or current_user.display_name.split(" ")[0]
    return form


@bp.route("/homework/<int:submission_id>", methods=["GET", "POST"])
@login_required
def fill(submission_id: int) -> Any:
    """Fill in, save and submit one's own homework; others are sent to their read view."""
    submission = get_or_404(Submission, submission_id)
    if submission.user_id != current_user.id:
        if request.method == "POST":
            abort(403)  # only the participant writes their own homework
        if can(current_user, "review", submission):
            return redirect(url_for("homework.review", submission_id=submission.id))
        return redirect(url_for("homework.read", submission_id=submission.id))
    if not submission.is_editable:
        if request.method == "POST":
            flash(
                gettext("This homework has been reviewed, so it can no longer be changed."), "error"
            )
        return redirect(url_for("homework.read", submission_id=submission.id))
    if request.method == "POST":
        return _save_or_submit(submission)
    return _fill_page(submission, {})


def _save_or_submit(submission: Submission) -> Any:
    if request.form.get("action") != "submit":
        save_draft(submission, request.form)
        db.session.commit()
        flash(gettext("Draft saved. Only you can see it until you submit."), "success")
        return redirect(url_for("homework.fill", submission_id=submission.id))
    errors = submit(submission, request.form)
    db.session.commit()
    if errors and submission.status == TO_DO:
        flash(gettext("Nothing was handed in: the answers listed below are required."), "error")
        return _fill_page(submission, errors, 422)
    if errors:
        flash(
            gettext("Some answers need attention. Everything you typed is saved as a draft."),
            "error",
        )
        return _fill_page(submission, errors, 422)
    flash(
        gettext("Submitted. You can still change it until your facilitator has reviewed it."),
        "success",
    )
    return redirect(url_for("homework.my_homework"))


@bp.post("/homework/<int:submission_id>/draft")
@login_required
def autosave(submission_id: int) -> Any:
    """Save the working copy as typed (called by the page's script); answers JSON."""
    submission = get_or_404(Submission, submission_id, "edit")
    saved_at = save_draft(submission, request.form)
    db.session.commit()
    label = gettext("Draft saved at %(time)s", time=format_time(saved_at, current_user.timezone))
    return jsonify(saved=True, saved_at=saved_at.isoformat(), label=label)


@bp.post("/homework/<int:submission_id>/share")
@login_required
def share(submission_id: int) -> Any:
    """Choose whether the cohort may read this submission, and under which name."""
    submission = get_or_404(Submission, submission_id, "share")
    form = ShareForm()
    if form.validate():
        try:
            set_sharing(submission, form.share.data, form.shared_name.data or "")
            db.session.commit()
            flash(_sharing_message(submission), "success")
        except HomeworkError as exc:
            flash(str(exc), "error")
    else:
        flash(
            " ".join(form.shared_name.errors) or gettext("That did not work; try again."), "error"
        )
    # The fill page sends a reviewed submission on to its read-only view.
    return redirect(url_for("homework.fill", submission_id=submission.id))


def _sharing_message(submission: Submission) -> str:
    if not submission.share_with_group:
        return gettext(
            "This homework is private again: only you and your facilitators can read it."
        )
    if submission.is_shared:
        return gettext("Shared with your group as %(name)s.", name=submission.shared_name)
    return gettext(
        "It will be shared with your group as %(name)s once you submit it.",
        name=submission.shared_name,
    )


@bp.route("/homework/<int:submission_id>/read")
@login_required
def read(submission_id: int) -> Any:
    """A read-only view: one's own work with feedback, or a submission shared with one's group."""
    submission = get_or_404(Submission, submission_id)
    own = submission.user_id == current_user.id
    return submission_page(
        "homework/read.html",
        submission,
        own=own,
        share_form=_share_form(submission) if own else None,
    )


@bp.route("/homework/cohorts/<int:cohort_id>/shared")
@login_required
def shared(cohort_id: int) -> Any:
    """What members of a cohort chose to share with it."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not (
        runs_cohort(current_user, cohort) or is_active_member(current_user, cohort.id)
    ):
        abort(404)
    return render_template(
        "homework/shared.html", cohort=cohort, submissions=shared_in_cohort(cohort.id)
    )
