"""The builder page behind "New template" and "Edit" (see ``homework.builder_page``)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_login import current_user

from groupapp.core.form_problems import Problem
from groupapp.db import db
from groupapp.homework.builder import DraftField, draft_from_fields, new_field, spanish_typed
from groupapp.homework.builder_page import BuilderPage
from groupapp.homework.builder_translation import (
    SPANISH,
    TEMPLATE_WORDS,
    SpanishText,
    build_translation,
    fill_drafts,
    spanish_for_copy,
)
from groupapp.homework.fields import SHORT_TEXT, Field, TemplateDefinition
from groupapp.homework.forms import CloneForm, TemplateDetailsForm
from groupapp.homework.models import HomeworkTemplate
from groupapp.homework.template_services import TemplateText, create, save

SAVED = "Template saved. New assignments use it; homework already given keeps its copy."


def builder_page(template: HomeworkTemplate | None) -> Any:
    """GET shows the template (or one empty question); POST runs the button pressed.

    ``template`` is None for a new one, which is created when first saved.
    """
    form = TemplateDetailsForm(obj=template)
    translation: dict[str, Any] | None = None

    def check_spanish(drafts: list[DraftField], built: tuple[Field, ...]) -> list[Problem]:
        nonlocal translation
        english = TemplateDefinition(
            "", form.title.data or "", form.summary.data or "", form.instructions.data or "", built
        )
        translation, problems = build_translation(drafts, english, _typed_spanish(form))
        for_form = [p for p in problems if p.target in TEMPLATE_WORDS.values()]
        for problem in for_form:
            getattr(form, problem.target).errors = [problem.text.split(": ", 1)[1]]
        return [p for p in problems if p not in for_form]

    page = BuilderPage(
        "homework/builder.html",
        form,
        f"template-{template.id}.yaml" if template else "new-template.yaml",
        context={
            "template": template,
            "archive_form": CloneForm(),
            "preview_title": form.title.data or "Untitled template",
            "preview_intro": form.instructions.data,
            "spanish": True,
            "spanish_typed": spanish_typed,
        },
        check=check_spanish,
    )
    if request.method == "GET":
        if template is None:
            return page.render([new_field(SHORT_TEXT)])
        fields = draft_from_fields(template.field_list())
        _show_spanish(form, fields, template)
        return page.render(fields)
    if str(request.form.get("action")) == "clear_spanish":
        for name in TEMPLATE_WORDS.values():
            getattr(form, name).data = ""

    def on_save(built: tuple[Field, ...]) -> Any:
        nonlocal template
        text = TemplateText(form.title.data, form.summary.data or "", form.instructions.data or "")
        translations = {SPANISH: translation} if translation else None
        if template is None:
            template = create(current_user, text, built, translations)
        else:
            save(template, text, built, translations)
        db.session.commit()
        flash(SAVED, "success")
        return redirect(url_for("homework.template_preview", key=f"own:{template.id}"))

    return page.post(on_save)


def _typed_spanish(form: TemplateDetailsForm) -> SpanishText:
    return SpanishText(
        form.es_title.data or "", form.es_summary.data or "", form.es_instructions.data or ""
    )


def _show_spanish(
    form: TemplateDetailsForm, fields: list[DraftField], template: HomeworkTemplate
) -> None:
    """Show the saved Spanish version; a copy of a built-in without one of its own starts
    from the built-in's Spanish for what it left unchanged."""
    data = (template.translations or {}).get(SPANISH)
    if data is None:
        data = spanish_for_copy(
            template.title,
            template.summary,
            template.instructions,
            template.field_list(),
            template.source_slug,
        )
    text = fill_drafts(fields, data)
    form.es_title.data = text.title
    form.es_summary.data = text.summary
    form.es_instructions.data = text.instructions
