"""The builder page behind "New template" and "Edit": one form, every action a button.

Without JavaScript each button posts the whole form and the page comes back with every
typed value kept; ``static/homework/builder.js`` only refreshes the preview when typing
pauses (a POST with ``X-Builder-Preview`` answered with ``{"html": ...}``).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from groupapp.core.form_problems import Problem, problems_context
from groupapp.db import db
from groupapp.homework.builder import (
    TYPE_LABELS,
    DraftField,
    apply_action,
    build,
    draft_from_fields,
    new_field,
    preview_fields,
    read_form,
    with_blank_choices,
)
from groupapp.homework.fields import SHORT_TEXT
from groupapp.homework.forms import CloneForm, TemplateDetailsForm
from groupapp.homework.models import HomeworkTemplate
from groupapp.homework.template_services import (
    TemplateText,
    create,
    fields_as_yaml,
    read_fields_yaml,
    save,
)

SAVED = "Template saved. New assignments use it; homework already given keeps its copy."


def builder_page(template: HomeworkTemplate | None) -> Any:
    """GET shows the template (or one empty question); POST runs the button pressed.

    ``template`` is None for a new one, which is created when first saved.
    """
    form = TemplateDetailsForm(obj=template)
    if request.method == "GET":
        fields = draft_from_fields(template.field_list()) if template else [new_field(SHORT_TEXT)]
        return _render(template, form, fields)
    valid = form.validate()
    if form.csrf_token.errors:
        abort(400)
    fields = read_form(request.form)
    action = str(request.form.get("action") or "save")
    if action == "save":
        return _save(template, form, fields, valid)
    if action in ("import", "export"):
        return _yaml_action(template, form, fields, action)
    _quiet(form)
    if action == "preview" and request.headers.get("X-Builder-Preview"):
        shown, unfinished = preview_fields(fields)
        html = render_template(
            "homework/_builder_preview.html", form=form, preview=shown, unfinished=unfinished
        )
        return jsonify(html=html)
    focus = None if action == "preview" else apply_action(fields, action, request.form)
    return _render(template, form, fields, focus=focus)


def _quiet(form: TemplateDetailsForm) -> None:
    """Hide the title's problems while the facilitator is still building."""
    for item in form:
        item.errors = []


def _save(
    template: HomeworkTemplate | None,
    form: TemplateDetailsForm,
    fields: list[DraftField],
    valid: bool,
) -> Any:
    built, problems = build(fields)
    if valid and not problems:
        text = TemplateText(form.title.data, form.summary.data or "", form.instructions.data or "")
        if template is None:
            template = create(current_user, text, built)
        else:
            save(template, text, built)
        db.session.commit()
        flash(SAVED, "success")
        return redirect(url_for("homework.template_preview", key=f"own:{template.id}"))
    # The title's problems join the page's summary by themselves (core.form_problems).
    return _render(template, form, fields, problems=problems), 422


def _yaml_action(
    template: HomeworkTemplate | None,
    form: TemplateDetailsForm,
    fields: list[DraftField],
    action: str,
) -> Any:
    _quiet(form)
    if action == "import":
        imported, messages = read_fields_yaml(form.import_yaml.data or "")
        if messages:
            problems = [Problem(form.import_yaml.id, message) for message in messages]
            return _render(template, form, fields, problems=problems, open_yaml=True), 422
        form.import_yaml.data = ""
        flash(f"Imported {len(imported)} question(s). Check them, then save.", "info")
        return _render(template, form, draft_from_fields(imported), focus="b-f0-label")
    built, problems = build(fields)
    if problems:
        return _render(template, form, fields, problems=problems), 422
    text = fields_as_yaml([item.to_dict() for item in built])
    name = f"template-{template.id}.yaml" if template else "new-template.yaml"
    return (
        text,
        200,
        {
            "Content-Type": "application/yaml; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


def _render(
    template: HomeworkTemplate | None,
    form: TemplateDetailsForm,
    fields: list[DraftField],
    *,
    problems: list[Problem] | None = None,
    focus: str | None = None,
    open_yaml: bool = False,
) -> Any:
    shown, unfinished = preview_fields(fields)
    with_blank_choices(fields)
    errors: dict[str, list[str]] = {}
    for problem in problems or []:
        errors.setdefault(problem.target, []).append(problem.text)
    return render_template(
        "homework/builder.html",
        errors=errors,
        **problems_context(problems or []),
        template=template,
        form=form,
        fields=fields,
        types=TYPE_LABELS,
        problems=problems or [],
        focus=focus,
        open_yaml=open_yaml,
        preview=shown,
        unfinished=unfinished,
        archive_form=CloneForm(),
    )
