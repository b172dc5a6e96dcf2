"""One builder page for any list of questions: homework templates and the intake form.

The page is one form and every action on it is a submit button (see
:mod:`groupapp.homework.builder`), so it works without JavaScript. What differs between
pages is only their own inputs (a template's title, say), their wording around the
questions, and what saving does; :class:`BuilderPage` runs everything else: the buttons,
the phone preview (``static/homework/builder.js`` asks for it with ``X-Builder-Preview``
and gets ``{"html": ...}``), the optional YAML import and export, and problems shown next
to the question they concern with nothing typed lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, jsonify, render_template, request
from flask_babel import ngettext

from groupapp.core.form_problems import Problem, problems_context
from groupapp.homework.builder import (
    TYPE_LABELS,
    DraftField,
    apply_action,
    build,
    draft_from_fields,
    preview_fields,
    read_form,
    with_blank_choices,
)
from groupapp.homework.fields import Field
from groupapp.homework.forms import QuestionsForm
from groupapp.homework.template_services import fields_as_yaml, read_fields_yaml

#: Called with the validated questions when "save" is pressed and the page's own inputs
#: are valid; returns the response to send (a redirect).
OnSave = Callable[[tuple[Field, ...]], Any]
#: Called before saving with the questions as typed and as validated; returns the further
#: problems that refuse the save (and may add errors to the page's own inputs).
Check = Callable[[list[DraftField], tuple[Field, ...]], list[Problem]]


@dataclass
class BuilderPage:
    """A builder page: its template (extending ``homework/builder_page.html``), its form
    (CSRF, YAML import and any inputs of its own), the file name of a YAML export, and
    the rest of what the template shows."""

    template: str
    form: QuestionsForm
    export_name: str
    context: Mapping[str, Any] = field(default_factory=dict)
    types: Mapping[str, str] = field(default_factory=lambda: TYPE_LABELS)
    check: Check | None = None

    def post(self, on_save: OnSave) -> Any:
        """Run the button pressed on a POST of the page; aborts with 400 on a bad CSRF token."""
        valid = self.form.validate()
        if self.form.csrf_token.errors:
            abort(400)
        fields = read_form(request.form)
        action = str(request.form.get("action") or "save")
        if action == "save":
            built, problems = build(fields)
            if valid and not problems and self.check is not None:
                problems = self.check(fields, built)
                valid = not any(item.errors for item in self.form)
            if valid and not problems:
                return on_save(built)
            # The page's own problems join the page's summary by themselves.
            return self.render(fields, problems=problems, status=422)
        self._quiet()
        if action in ("import", "export"):
            return self._yaml(fields, action)
        if action == "preview" and request.headers.get("X-Builder-Preview"):
            shown, unfinished = preview_fields(fields)
            html = render_template(
                "homework/_builder_preview.html",
                **self.context,
                form=self.form,
                preview=shown,
                unfinished=unfinished,
            )
            return jsonify(html=html)
        focus = None if action == "preview" else apply_action(fields, action, request.form)
        return self.render(fields, focus=focus)

    def _quiet(self) -> None:
        """Hide the page's own problems while the questions are still being built."""
        for item in self.form:
            item.errors = []

    def _yaml(self, fields: list[DraftField], action: str) -> Any:
        if action == "import":
            imported, messages = read_fields_yaml(self.form.import_yaml.data or "")
            if messages:
                problems = [Problem(self.form.import_yaml.id, message) for message in messages]
                return self.render(fields, problems=problems, open_yaml=True, status=422)
            self.form.import_yaml.data = ""
            flash(
                ngettext(
                    "Imported %(num)d question. Check it, then save.",
                    "Imported %(num)d questions. Check them, then save.",
                    len(imported),
                ),
                "info",
            )
            return self.render(draft_from_fields(imported), focus="b-f0-label")
        built, problems = build(fields)
        if problems:
            return self.render(fields, problems=problems, status=422)
        text = fields_as_yaml([item.to_dict() for item in built])
        return (
            text,
            200,
            {
                "Content-Type": "application/yaml; charset=utf-8",
                "Content-Disposition": f'attachment; filename="{self.export_name}"',
            },
        )

    def render(
        self,
        fields: list[DraftField],
        *,
        problems: list[Problem] | None = None,
        focus: str | None = None,
        open_yaml: bool = False,
        status: int = 200,
    ) -> tuple[str, int]:
        """The page with ``fields`` as typed, each problem next to its input, and the
        input ``focus`` (an HTML id) focused; returns ``(html, status)``."""
        shown, unfinished = preview_fields(fields)
        with_blank_choices(fields)
        errors: dict[str, list[str]] = {}
        for problem in problems or []:
            errors.setdefault(problem.target, []).append(problem.text)
        html = render_template(
            self.template,
            **self.context,
            **problems_context(problems or []),
            errors=errors,
            form=self.form,
            fields=fields,
            types=self.types,
            problems=problems or [],
            focus=focus,
            open_yaml=open_yaml,
            preview=shown,
            unfinished=unfinished,
        )
        return html, status
