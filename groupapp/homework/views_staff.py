"""Facilitator homework pages: assigning, the review queue, reviewing, the completion grid."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from groupapp.audit.services import audited_page
from groupapp.cohorts.models import Cohort
from groupapp.core.access import get_or_404, role_required
from groupapp.core.actions import Refusal, carry_out
from groupapp.core.ids import query_int
from groupapp.core.page_cache import cached_page
from groupapp.core.pagination import count_label
from groupapp.db import db
from groupapp.homework import bp
from groupapp.homework.access import runs_cohort
from groupapp.homework.forms import AssignForm, FeedbackForm, ReviewedForm, RevisionForm
from groupapp.homework.models import STATUS_LABELS, SUBMISSION_STATUSES, Submission
from groupapp.homework.pages import submission_page
from groupapp.homework.preview import preview
from groupapp.homework.queries import active_members, completion_grid, staff_cohorts
from groupapp.homework.queries import review_queue as queue_query
from groupapp.homework.review import comment as add_comment
from groupapp.homework.review import mark_reviewed, request_revision
from groupapp.homework.services import (
    AssignmentSpec,
    cohort_meetings,
    reach_later_joiners,
)
from groupapp.homework.services import (
    assign as assign_homework,
)
from groupapp.homework.template_services import (
    assignment_spec,
    find_choice,
    suggestions_for,
    template_choices,
)

STAFF = ("admin", "facilitator")


def cohort_or_404(cohort_id: int) -> Cohort:
    """A cohort the current user runs (admin of its organisation or facilitator), else 404."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not runs_cohort(current_user, cohort):
        abort(404)
    return cohort


@bp.route("/homework/review")
@role_required(*STAFF)
@cached_page()
def review_queue() -> Any:
    """Handed-in homework across the user's cohorts, oldest first, a page at a time."""
    queue = queue_query(current_user, request.args.get("after"))
    return audited_page(
        "homework.review_queue.read",
        ("Submission", None),
        "homework/review_queue.html",
        reason=f"{count_label(queue.waiting)} waiting",
        queue=queue,
        cohorts=[] if current_user.is_admin else staff_cohorts(current_user),
    )


@bp.route("/homework/cohorts/<int:cohort_id>/grid")
@role_required(*STAFF)
def grid(cohort_id: int) -> Any:
    """Members by assignments with status colours and counts."""
    cohort = cohort_or_404(cohort_id)
    if reach_later_joiners([cohort.id]):
        db.session.commit()
    return audited_page(
        "homework.grid.read",
        cohort,
        "homework/grid.html",
        grid=completion_grid(cohort),
        statuses=SUBMISSION_STATUSES,
        labels=STATUS_LABELS,
    )


@bp.route("/homework/cohorts/<int:cohort_id>/assign", methods=["GET", "POST"])
@role_required(*STAFF)
def assign(cohort_id: int) -> Any:
    """Give homework to a cohort or to chosen members, due at a time or before meeting N."""
    cohort = cohort_or_404(cohort_id)
    choices = template_choices(cohort.organisation_id)
    form = AssignForm(
        template=request.args.get("template"),
        meeting_number=query_int("meeting", low=1),
    )
    form.template.choices = [SelectChoice(c.key, c.title) for c in choices]
    members = active_members(cohort.id)
    form.members.choices = [SelectChoice(u.id, u.display_name) for u in members]
    form.zone = cohort.timezone
    meetings = cohort_meetings(cohort.id)
    form.offer_meetings(meetings, cohort.timezone)
    shown = None
    if form.validate_on_submit():
        choice = find_choice(cohort.organisation_id, form.template.data)
        if choice is None:
            abort(400)
        previewing = request.form.get("action") == "preview"
        try:
            if previewing:
                shown = preview(cohort, _spec(form, choice), meetings, members)
            else:
                assignment = assign_homework(cohort, _spec(form, choice), current_user)
        except Refusal as exc:  # HomeworkError, or a due time the clocks skip
            flash(str(exc), "error")
        else:
            if not previewing:
                return _assigned(assignment, form.due_notice)
    return render_template(
        "homework/assign.html",
        cohort=cohort,
        form=form,
        suggestions=suggestions_for(cohort.program, choices, len(meetings)),
        meetings=meetings,
        preview=shown,
    )


def _assigned(assignment: Any, due_notice: str | None) -> Any:
    """Commit a new assignment (its emails go after the commit) and say who got it."""
    db.session.commit()
    flash(
        ngettext(
            "“%(title)s” assigned to %(num)d member.",
            "“%(title)s” assigned to %(num)d members.",
            len(assignment.submissions),
            title=assignment.title,
        ),
        "success",
    )
    if due_notice:
        flash(due_notice, "info")
    return redirect(url_for("homework.grid", cohort_id=assignment.cohort_id))


def _spec(form: AssignForm, choice: Any) -> AssignmentSpec:
    return assignment_spec(
        choice,
        form.due(),
        title=form.title.data or "",
        instructions=form.instructions.data or "",
        member_ids=form.members.data if form.audience.data == "members" else None,
        include_later_joiners=form.include_later_joiners.data,
    )


@bp.route("/homework/<int:submission_id>/review")
@role_required(*STAFF)
def review(submission_id: int) -> Any:
    """A submission's answers, its feedback thread and the review actions."""
    submission = get_or_404(Submission, submission_id, "review")
    return submission_page(
        "homework/review.html",
        submission,
        feedback_form=FeedbackForm(formdata=None),
        reviewed_form=ReviewedForm(formdata=None),
        revision_form=RevisionForm(formdata=None),
    )


def _review_action(submission_id: int, form_class: type, act: Any, done: str) -> Any:
    submission = get_or_404(Submission, submission_id, "review")
    form = form_class()
    if not form.validate():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    else:
        carry_out(lambda: act(submission, form), lambda _: done)
    return redirect(url_for("homework.review", submission_id=submission.id))


@bp.post("/homework/<int:submission_id>/comment")
@role_required(*STAFF)
def comment(submission_id: int) -> Any:
    """Add a comment the participant will read."""
    return _review_action(
        submission_id,
        FeedbackForm,
        lambda sub, form: add_comment(sub, current_user, form.body.data),
        "Comment added. The participant will be told by email.",
    )


@bp.post("/homework/<int:submission_id>/reviewed")
@role_required(*STAFF)
def reviewed(submission_id: int) -> Any:
    """Mark the submission reviewed (it can no longer be edited)."""
    return _review_action(
        submission_id,
        ReviewedForm,
        lambda sub, form: mark_reviewed(sub, current_user, form.note.data or ""),
        "Marked reviewed.",
    )


@bp.post("/homework/<int:submission_id>/revision")
@role_required(*STAFF)
def revision(submission_id: int) -> Any:
    """Send the submission back with a note saying what to revise."""
    return _review_action(
        submission_id,
        RevisionForm,
        lambda sub, form: request_revision(sub, current_user, form.note.data),
        "Revision requested. The participant will be told by email.",
    )
