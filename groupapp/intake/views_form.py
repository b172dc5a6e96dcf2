"""Editing the organisation's intake form: admins publish a new version as YAML.

The text uses the homework template field schema, read and checked by the same code,
so the problems are worded the same way. Publishing adds a version; responses already
started keep the version they were given.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from groupapp.core.access import role_required
from groupapp.core.form_problems import Problem, problems_context
from groupapp.db import db
from groupapp.homework.template_services import fields_as_yaml, read_fields_yaml
from groupapp.intake import bp
from groupapp.intake.services import current_form, publish_form

#: Longest form text accepted (characters): far beyond 40 questions with help text.
MAX_FORM_TEXT = 100_000


@bp.route("/intake/form", methods=["GET", "POST"])
@role_required("admin")
def edit_form() -> Any:
    """Show the current intake questions as YAML; publish a changed version."""
    form = current_form(current_user.organisation_id)
    problems: list[str] = []
    text = fields_as_yaml(form.fields)
    if request.method == "POST":
        text = request.form.get("fields_yaml", "")[:MAX_FORM_TEXT]
        fields, problems = read_fields_yaml(text)
        if not problems and not fields:
            problems = ["Add at least one question."]
        if not problems:
            published = publish_form(current_user.organisation_id, fields, current_user.id)
            db.session.commit()
            flash(f"Intake form version {published.version} published.", "success")
            return redirect(url_for("intake.edit_form"))
    # The base template's summary names each problem and links to the questions box.
    summary = problems_context(Problem("fields_yaml", f"Not published: {p}") for p in problems)
    html = render_template(
        "intake/edit_form.html", form=form, text=text, problems=problems, **summary
    )
    db.session.commit()  # version 1, if it was just made from the built-in questions
    return html, 422 if problems else 200
