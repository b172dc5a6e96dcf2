"""'Start a new cohort like this one': choose a name and start date, see every generated
date, then create. Works without scripts: the preview is a page of its own."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from groupapp.cohorts import bp, queries
from groupapp.cohorts.copy import CopyPlan, CopyRefused, copy_cohort, plan_copy
from groupapp.cohorts.forms import CopyCohortForm
from groupapp.core.access import check
from groupapp.core.actions import carry_out


@bp.route("/cohorts/<int:cohort_id>/copy", methods=["GET", "POST"])
@login_required
def copy(cohort_id: int) -> Any:
    """The copy form; a first submit previews the dates, a second one creates."""
    source = check(queries.cohort_page(cohort_id), "edit")
    form = CopyCohortForm()
    if request.method == "GET":
        form.name.data = source.name
    plan: CopyPlan | None = None
    if form.validate_on_submit():
        try:
            plan = plan_copy(source, form.name.data, form.start_date.data)
        except CopyRefused as exc:
            flash(str(exc), "error")
        else:
            if "create" in request.form and form.previewed.data == form.shown():
                made = _create(plan)
                if made is not None:
                    return redirect(url_for("cohorts.detail", cohort_id=made))
            form.previewed.data = form.shown()
    return render_template("cohorts/copy.html", form=form, source=source, plan=plan)


def _create(plan: CopyPlan) -> int | None:
    """Create the planned cohort and commit; its id, or None when refused (flashed)."""
    made: list[int] = []

    def change() -> None:
        made.append(copy_cohort(plan, current_user).id)

    done = f"{plan.name} is ready with {len(plan.occurrences)} meetings and no members yet."
    return made[0] if carry_out(change, lambda _: done) else None
