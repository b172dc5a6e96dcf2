"""The "Remind those who have not done it" buttons of the completion grid and the
check-in overview."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, url_for
from flask_login import current_user

from groupapp.assessments.models import AssessmentSchedule
from groupapp.cohorts.forms import EmptyForm
from groupapp.core.access import get_or_404, role_required
from groupapp.core.actions import carry_out
from groupapp.core.timezones import format_for_viewer
from groupapp.homework.models import Assignment
from groupapp.notifications import bp
from groupapp.notifications.nudges import (
    NudgeResult,
    last_nudges,
    next_allowed,
    nudge_checkin,
    nudge_homework,
)

STAFF = ("admin", "facilitator")
MAX_KEY_LENGTH = 40

bp.add_app_template_global(last_nudges, "last_nudges")
bp.add_app_template_global(next_allowed, "next_nudge_allowed")


def _done(result: NudgeResult) -> str:
    people = "member" if result.reminded == 1 else "members"
    when = format_for_viewer(result.sent_at, current_user.timezone)
    return f"Reminded {result.reminded} {people} ({when})."


@bp.post("/notifications/nudges/homework/<int:assignment_id>")
@role_required(*STAFF)
def nudge_homework_view(assignment_id: int) -> Any:
    """Remind the members who have not handed this homework in."""
    assignment = get_or_404(Assignment, assignment_id, "manage")
    if not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(lambda: nudge_homework(assignment, current_user), _done)
    return redirect(url_for("homework.grid", cohort_id=assignment.cohort_id))


@bp.post("/notifications/nudges/checkins/<int:schedule_id>/<key>")
@role_required(*STAFF)
def nudge_checkin_view(schedule_id: int, key: str) -> Any:
    """Remind the members for whom this check-in is open and not answered."""
    schedule = get_or_404(AssessmentSchedule, schedule_id, "edit")
    if len(key) > MAX_KEY_LENGTH or not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(lambda: nudge_checkin(schedule, key, current_user), _done)
    return redirect(url_for("assessments.schedules", cohort_id=schedule.cohort_id))
