"""Facilitator pages that change homework already given: its due time, or cancelling it."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from groupapp.core.access import get_or_404, role_required
from groupapp.core.actions import carry_out
from groupapp.core.local_fields import shown_value
from groupapp.core.timezones import prefill
from groupapp.homework import bp
from groupapp.homework.changes import cancel as cancel_assignment
from groupapp.homework.changes import move_due
from groupapp.homework.forms import CancelForm, DueForm
from groupapp.homework.models import HANDED_IN, Assignment
from groupapp.homework.services import cohort_meetings

STAFF = ("admin", "facilitator")


def _current_due(assignment: Assignment) -> dict[str, Any]:
    """The assignment's due point as the form's initial values (cohort's wall clock)."""
    if assignment.due_meeting_number is not None:
        return {"due_kind": "meeting", "meeting_number": assignment.due_meeting_number}
    if assignment.due_at_fixed is not None:
        shown = prefill(assignment.due_at_fixed, assignment.cohort.timezone)
        return {
            "due_kind": "time",
            "due_date": shown.day,
            "due_time": shown.at,
            "due_shown": shown_value(assignment.due_at_fixed, assignment.cohort.timezone),
        }
    return {"due_kind": "none"}


def _moved_message(assignment: Assignment, notice: str | None) -> str:
    """What the facilitator reads after moving the due time (and which 01:30 was meant)."""
    if notice:
        return _(
            "Due date of “%(title)s” changed. %(notice)s Members were told.",
            title=assignment.title,
            notice=notice,
        )
    return _("Due date of “%(title)s” changed. Members were told.", title=assignment.title)


def _to_grid(assignment: Assignment) -> Any:
    return redirect(url_for("homework.grid", cohort_id=assignment.cohort_id))


@bp.route("/homework/assignments/<int:assignment_id>/due", methods=["GET", "POST"])
@role_required(*STAFF)
def change_due(assignment_id: int) -> Any:
    """Move the due time; members who have not handed the work in are told by email."""
    assignment = get_or_404(Assignment, assignment_id, "manage")
    if assignment.is_cancelled:
        flash(_("This homework was cancelled, so its due date can no longer change."), "error")
        return _to_grid(assignment)
    form = DueForm(data=_current_due(assignment))
    form.zone = assignment.cohort.timezone
    form.offer_meetings(cohort_meetings(assignment.cohort_id), assignment.cohort.timezone)
    if form.validate_on_submit() and carry_out(
        lambda: move_due(assignment, form.due()),
        lambda _: _moved_message(assignment, form.due_notice),
    ):
        return _to_grid(assignment)
    return render_template(
        "homework/change_due.html", assignment=assignment, cohort=assignment.cohort, form=form
    )


@bp.route("/homework/assignments/<int:assignment_id>/cancel", methods=["GET", "POST"])
@role_required(*STAFF)
def cancel(assignment_id: int) -> Any:
    """Ask for confirmation, then cancel: the homework leaves every list; nothing is deleted."""
    assignment = get_or_404(Assignment, assignment_id, "manage")
    form = CancelForm()
    if form.validate_on_submit():
        carry_out(
            lambda: cancel_assignment(assignment),
            lambda _done: _("“%(title)s” cancelled. Members were told.", title=assignment.title),
        )
        return _to_grid(assignment)
    handed_in = sum(1 for s in assignment.submissions if s.status in HANDED_IN)
    return render_template(
        "homework/cancel.html",
        assignment=assignment,
        cohort=assignment.cohort,
        form=form,
        handed_in=handed_in,
    )
