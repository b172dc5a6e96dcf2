"""Homework template pages: browse built-ins and the organisation's own, clone, build."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from groupapp.core.access import get_or_404, role_required
from groupapp.core.actions import carry_out
from groupapp.db import db
from groupapp.homework import bp
from groupapp.homework.forms import CloneForm
from groupapp.homework.models import HomeworkTemplate
from groupapp.homework.queries import staff_cohorts
from groupapp.homework.template_services import (
    TemplateChoice,
    archive,
    clone,
    find_choice,
    template_choices,
)
from groupapp.homework.views_builder import builder_page
from groupapp.homework.views_staff import STAFF


@bp.route("/homework/templates")
@role_required(*STAFF)
def templates() -> Any:
    """Every template the organisation can assign, its own first."""
    return _catalogue_page(
        "homework/templates.html", choices=template_choices(current_user.organisation_id)
    )


def _catalogue_page(template: str, **context: Any) -> Any:
    return render_template(
        template, cohorts=staff_cohorts(current_user), clone_form=CloneForm(), **context
    )


def _choice_or_404(key: str) -> TemplateChoice:
    choice = find_choice(current_user.organisation_id, key)
    if choice is None:
        abort(404)
    return choice


@bp.route("/homework/templates/<key>")
@role_required(*STAFF)
def template_preview(key: str) -> Any:
    """How a template looks to a participant, with nothing to submit."""
    return _catalogue_page("homework/template_preview.html", choice=_choice_or_404(key))


@bp.post("/homework/templates/<key>/clone")
@role_required(*STAFF)
def template_clone(key: str) -> Any:
    """Copy a template into the organisation and open the copy for editing."""
    choice = _choice_or_404(key)
    if not CloneForm().validate():
        abort(400)
    template = clone(choice, current_user)
    db.session.commit()
    flash(_("Copied. Edit it below; the original stays as it was."), "success")
    return redirect(url_for("homework.template_edit", template_id=template.id))


@bp.route("/homework/templates/new", methods=["GET", "POST"])
@role_required(*STAFF)
def template_new() -> Any:
    """Build a new template from scratch, question by question."""
    return builder_page(None)


@bp.route("/homework/templates/<int:template_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def template_edit(template_id: int) -> Any:
    """Edit a template's title, instructions and questions in the builder."""
    return builder_page(get_or_404(HomeworkTemplate, template_id, "edit"))


@bp.post("/homework/templates/<int:template_id>/archive")
@role_required(*STAFF)
def template_archive(template_id: int) -> Any:
    """Hide a template from the assign form."""
    template = get_or_404(HomeworkTemplate, template_id, "edit")
    if not CloneForm().validate():
        abort(400)
    carry_out(lambda: archive(template), lambda _done: _("Template archived."))
    return redirect(url_for("homework.templates"))
