"""Intake pages: a member fills in their own; the cohort's facilitators read them."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from groupapp.audit.services import audited_page, record
from groupapp.core.form_problems import Problem, problems_context
from groupapp.db import db
from groupapp.homework.answers import Errors
from groupapp.intake import bp
from groupapp.intake.access import cohort_for_facilitator, cohort_for_member
from groupapp.intake.models import IntakeResponse
from groupapp.intake.queries import cohort_intake_status, intake_counts
from groupapp.intake.services import (
    fields_for_reader,
    find_response,
    response_for,
    save_draft,
    submit,
    working_answers,
)


def _fill_page(cohort: Any, response: IntakeResponse, errors: Errors, status: int = 200) -> Any:
    html = render_template(
        "intake/fill.html",
        cohort=cohort,
        response=response,
        fields=fields_for_reader(response.form_version),
        answers=working_answers(response),
        errors=errors,
        **problems_context(Problem(f"hw-{name}", text) for name, text in errors.items()),
    )
    return html, status


@bp.route("/cohorts/<int:cohort_id>/intake", methods=["GET", "POST"])
@login_required
def fill(cohort_id: int) -> Any:
    """The member's own intake form for a cohort they have joined."""
    cohort = cohort_for_member(current_user, cohort_id)
    response = response_for(cohort.id, cohort.organisation_id, current_user.id)
    if request.method == "GET":
        page = _fill_page(cohort, response, {})
        db.session.commit()  # the organisation's first form version, if it was just made
        return page
    if request.form.get("action") != "submit":
        save_draft(response, request.form)
        db.session.commit()
        flash(gettext("Saved. Only you can see it until you send it."), "success")
        return redirect(url_for("intake.fill", cohort_id=cohort.id))
    errors = submit(response, request.form)
    db.session.commit()
    if errors:
        flash(gettext("Some answers need attention. Everything you typed is kept."), "error")
        return _fill_page(cohort, response, errors, 422)
    flash(
        gettext("Thank you. Your facilitators will read this before your first meeting."), "success"
    )
    return redirect(url_for("meetings.my_meetings"))


@bp.app_template_global("intake_counts")
def intake_counts_global(cohort_id: int) -> tuple[int, int]:
    """For the cohort page's link: ``(sent, joined)`` intakes (one statement)."""
    return intake_counts(cohort_id)


@bp.route("/cohorts/<int:cohort_id>/intakes")
@login_required
def cohort_overview(cohort_id: int) -> Any:
    """Which joined members have completed their intake (facilitators only)."""
    cohort = cohort_for_facilitator(current_user, cohort_id)
    return audited_page(
        "intake.list.read",
        cohort,
        "intake/overview.html",
        cohort=cohort,
        members=cohort_intake_status(cohort.id),
    )


@bp.route("/cohorts/<int:cohort_id>/intakes/<int:user_id>")
@login_required
def read(cohort_id: int, user_id: int) -> Any:
    """One member's intake answers, as given (facilitators only; every read audited)."""
    cohort = cohort_for_facilitator(current_user, cohort_id)
    response = find_response(cohort.id, user_id)
    if response is None or not response.is_complete:
        abort(404)
    html = render_template(
        "intake/read.html",
        cohort=cohort,
        response=response,
        member=response.user,
        fields=response.form_version.field_list(),
    )
    record("intake.read", response, subject_user_id=user_id)
    db.session.commit()  # after rendering: a commit expires what the page loaded
    return html
