"""Feedback pages: a member answers about a meeting; the cohort's staff see the trend."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from groupapp.cohorts.models import Cohort
from groupapp.core.access import get_or_404, role_required
from groupapp.core.form_problems import Problem, problems_context
from groupapp.db import db
from groupapp.feedback import bp
from groupapp.feedback.scale import ANSWERS, CHANGE_PROMPT, ITEMS, MAX_CHANGE
from groupapp.feedback.services import (
    WINDOW,
    FeedbackProblem,
    find_answer,
    open_meeting,
    read_answer,
    save_answer,
)
from groupapp.feedback.summary import MIN_SHOWN, cohort_summaries, is_falling

STAFF = ("facilitator", "admin")


def _page(meeting: Any, typed: dict[str, str], problems: dict[str, str], status: int) -> Any:
    html = render_template(
        "feedback/answer.html",
        meeting=meeting,
        closes_at=meeting.ends_at + WINDOW,
        items=ITEMS,
        answers=ANSWERS,
        change_prompt=CHANGE_PROMPT,
        max_change=MAX_CHANGE,
        typed=typed,
        problems=problems,
        **problems_context(
            Problem(f"{name}-group" if name != "change" else name, text)
            for name, text in problems.items()
        ),
    )
    return html, status


@bp.route("/meetings/<int:meeting_id>/feedback", methods=["GET", "POST"])
@login_required
def answer(meeting_id: int) -> Any:
    """The member's feedback on a meeting they could attend, for 48 hours after it ends."""
    meeting = open_meeting(current_user, meeting_id)
    if meeting is None:
        abort(404)
    if request.method == "GET":
        given = find_answer(meeting.id, current_user.id)
        typed = (
            {
                "heard": str(given.heard),
                "useful": str(given.useful),
                "safe": str(given.safe),
                "change": given.change,
            }
            if given
            else {}
        )
        return _page(meeting, typed, {}, 200)
    typed = {key: request.form.get(key, "") for key in ("heard", "useful", "safe", "change")}
    try:
        checked = read_answer(typed)
    except FeedbackProblem as problem:
        return _page(meeting, typed, problem.problems, 422)
    save_answer(meeting, current_user, checked)
    db.session.commit()
    flash(_("Thank you. Your answer is counted without your name."), "success")
    return redirect(url_for("meetings.my_meetings"))


@bp.route("/cohorts/<int:cohort_id>/feedback")
@role_required(*STAFF)
def cohort(cohort_id: int) -> Any:
    """Feedback per meeting, anonymous, with the falling-trend rule applied."""
    found = get_or_404(Cohort, cohort_id, "manage")
    from groupapp.db import utcnow

    summaries = cohort_summaries(found.id)
    return render_template(
        "feedback/cohort.html",
        cohort=found,
        summaries=summaries,
        falling=is_falling(summaries, utcnow()),
        min_shown=MIN_SHOWN,
        items=ITEMS,
    )
