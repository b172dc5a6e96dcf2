"""Editing the organisation's intake form in the question builder (no YAML to write).

The page is the homework template builder (``homework.builder_page``) on the intake's
questions: the same field schema, checked by the same code, so problems are worded and
placed the same way. Publishing adds a version; responses already started keep the
version they were given.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from groupapp.core.access import role_required
from groupapp.db import db
from groupapp.homework.builder import draft_from_fields
from groupapp.homework.builder_page import BuilderPage
from groupapp.homework.fields import Field
from groupapp.homework.forms import QuestionsForm
from groupapp.intake import bp
from groupapp.intake.services import current_form, publish_form


@bp.route("/intake/form", methods=["GET", "POST"])
@role_required("admin")
def edit_form() -> Any:
    """Show the current intake questions in the builder; publish a changed version."""
    form = current_form(current_user.organisation_id)
    page = BuilderPage(
        "intake/edit_form.html",
        QuestionsForm(),
        f"intake-form-{form.version}.yaml",
        context={"intake_form": form, "preview_title": "Before your first meeting"},
    )
    if request.method == "GET":
        html = page.render(draft_from_fields(form.field_list()))
        db.session.commit()  # version 1, if it was just made from the built-in questions
        return html

    def on_save(built: tuple[Field, ...]) -> Any:
        published = publish_form(current_user.organisation_id, built, current_user.id)
        db.session.commit()
        flash(_("Intake form version %(number)s published.", number=published.version), "success")
        return redirect(url_for("intake.edit_form"))

    return page.post(on_save)
