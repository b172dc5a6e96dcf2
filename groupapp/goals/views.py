"""Goal pages: a member sets and rates their own; the cohort's facilitators read them
and agree the levels."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from groupapp.audit.services import record
from groupapp.cohorts.models import Membership
from groupapp.db import db
from groupapp.goals import bp
from groupapp.goals.access import (
    cohort_for_facilitator,
    cohort_for_member,
    goal_for,
    is_goal_owner,
)
from groupapp.goals.forms import GoalForm
from groupapp.goals.models import LEVELS, MAX_GOALS, PersonalGoal
from groupapp.goals.services import (
    GoalProblem,
    add_goal,
    goals_of,
    rate_goal,
    rating_point,
    remove_goal,
    update_goal,
)

#: The values a rating button or API call may send, as typed.
RATING_INPUTS = {text: level for level, _ in LEVELS for text in (str(level), f"{level:+d}")}


@bp.route("/cohorts/<int:cohort_id>/goals", methods=["GET", "POST"])
@login_required
def mine(cohort_id: int) -> Any:
    """The member's goals in a cohort: add one (up to three), rate them while a check-in
    is open, and see every rating so far."""
    cohort = cohort_for_member(current_user, cohort_id)
    form = GoalForm()
    del form.agree  # only a facilitator records an agreement
    status = 200
    if request.method == "POST":
        if form.validate():
            assert form.checked is not None
            try:
                add_goal(cohort.id, current_user, form.checked)
            except GoalProblem as problem:
                form.statement.errors = [problem.problems["statement"]]
            else:
                db.session.commit()
                flash(_("Goal saved. Only you and your facilitators see it."), "success")
                return redirect(url_for("goals.mine", cohort_id=cohort.id))
        status = 422
    goals = goals_of(cohort.id, current_user.id)
    html = render_template(
        "goals/mine.html",
        cohort=cohort,
        goals=goals,
        form=form,
        can_add=len(goals) < MAX_GOALS,
        point=rating_point(current_user, cohort.id),
        rate_form=FlaskForm(),
        levels=LEVELS,
    )
    return html, status


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(goal_id: int) -> Any:
    """Change a goal's words or levels: the member, or a facilitator agreeing them."""
    goal = goal_for(current_user, goal_id)
    own = is_goal_owner(current_user, goal)
    form = GoalForm(obj=_form_values(goal))
    if own:
        del form.agree
    if request.method == "POST" and form.validate():
        assert form.checked is not None
        agree = not own and bool(form.agree.data)
        update_goal(goal, form.checked, current_user, agree=agree)
        db.session.commit()
        flash(_("Goal updated. Agreement recorded.") if agree else _("Goal updated."), "success")
        if own:
            return redirect(url_for("goals.mine", cohort_id=goal.cohort_id))
        return redirect(url_for("goals.member", cohort_id=goal.cohort_id, user_id=goal.user_id))
    if not own:
        record("goal.read", goal, subject_user_id=goal.user_id)
    html = render_template("goals/edit.html", goal=goal, form=form, own=own)
    db.session.commit()
    return html, 422 if request.method == "POST" else 200


def _form_values(goal: PersonalGoal) -> Any:
    from types import SimpleNamespace

    from groupapp.goals.services import level_name

    values = {level_name(level): goal.level_text(level) for level, _ in LEVELS}
    return SimpleNamespace(statement=goal.statement, agree=True, **values)


@bp.route("/goals/<int:goal_id>/rating", methods=["POST"])
@login_required
def rate(goal_id: int) -> Any:
    """One tap: the member rates their goal for the check-in open now."""
    goal = goal_for(current_user, goal_id, owner_only=True)
    point = rating_point(current_user, goal.cohort_id)
    raw = request.form.get("rating", "")
    rating = RATING_INPUTS.get(raw.strip(), 99)  # 99: out of range, named below
    if point is None:
        flash(_("Goal ratings open with your next check-in; nothing was changed."), "error")
    else:
        try:
            rate_goal(goal, point, rating)
        except GoalProblem as problem:
            flash(problem.problems["rating"], "error")
        else:
            db.session.commit()
            flash(_("Rating saved for %(point)s.", point=point.label), "success")
    return redirect(url_for("goals.mine", cohort_id=goal.cohort_id) + f"#goal-{goal.id}")


@bp.route("/goals/<int:goal_id>/remove", methods=["POST"])
@login_required
def remove(goal_id: int) -> Any:
    """The member removes one of their goals, with its ratings."""
    goal = goal_for(current_user, goal_id, owner_only=True)
    cohort_id = goal.cohort_id
    remove_goal(goal)
    db.session.commit()
    flash(_("Goal removed."), "success")
    return redirect(url_for("goals.mine", cohort_id=cohort_id))


@bp.route("/cohorts/<int:cohort_id>/members/<int:user_id>/goals")
@login_required
def member(cohort_id: int, user_id: int) -> Any:
    """A member's goals and ratings, for the cohort's facilitators (every read audited)."""
    cohort = cohort_for_facilitator(current_user, cohort_id)
    membership = db.session.scalar(
        db.select(Membership).where(
            Membership.cohort_id == cohort.id, Membership.user_id == user_id
        )
    )
    if membership is None:
        abort(404)
    html = render_template(
        "goals/member.html",
        cohort=cohort,
        member=membership.user,
        goals=goals_of(cohort.id, user_id),
        levels=LEVELS,
    )
    record("goal.list.read", ("User", user_id), subject_user_id=user_id)
    db.session.commit()
    return html


@bp.app_template_global("progress_goals")
def progress_goals(cohort_id: int, user_id: int) -> list[PersonalGoal] | None:
    """For a member's progress page: their goals with ratings when the viewer is one of
    the cohort's facilitators (goals are theirs and the member's), else None. The page's
    own read audit covers this view of the member's progress."""
    from groupapp.cohorts.models import Cohort
    from groupapp.intake.access import facilitates

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not facilitates(current_user, cohort):
        return None
    return goals_of(cohort_id, user_id)
