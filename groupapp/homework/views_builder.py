"""The builder page behind "New template" and "Edit" (see ``homework.builder_page``)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_login import current_user

from groupapp.db import db
from groupapp.homework.builder import draft_from_fields, new_field
from groupapp.homework.builder_page import BuilderPage
from groupapp.homework.fields import SHORT_TEXT, Field
from groupapp.homework.forms import CloneForm, TemplateDetailsForm
from groupapp.homework.models import HomeworkTemplate
from groupapp.homework.template_services import TemplateText, create, save

SAVED = "Template saved. New assignments use it; homework already given keeps its copy."


def builder_page(template: HomeworkTemplate | None) -> Any:
    """GET shows the template (or one empty question); POST runs the button pressed.

    ``template`` is None for a new one, which is created when first saved.
    """
    form = TemplateDetailsForm(obj=template)
    page = BuilderPage(
        "homework/builder.html",
        form,
        f"template-{template.id}.yaml" if template else "new-template.yaml",
        context={
            "template": template,
            "archive_form": CloneForm(),
            "preview_title": form.title.data or "Untitled template",
            "preview_intro": form.instructions.data,
        },
    )
    if request.method == "GET":
        fields = draft_from_fields(template.field_list()) if template else [new_field(SHORT_TEXT)]
        return page.render(fields)

    def on_save(built: tuple[Field, ...]) -> Any:
        nonlocal template
        text = TemplateText(form.title.data, form.summary.data or "", form.instructions.data or "")
        if template is None:
            template = create(current_user, text, built)
        else:
            save(template, text, built)
        db.session.commit()
        flash(SAVED, "success")
        return redirect(url_for("homework.template_preview", key=f"own:{template.id}"))

    return page.post(on_save)
