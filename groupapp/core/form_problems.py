"""One error summary for every form: the base template lists each problem at the top of
the page, linked to its field, and the page script moves focus there.

Pages need not ask for it. Just before a template renders, every WTForms form in its
context (directly, or inside a list, tuple or dict) with errors contributes one entry per
field in error; forms the app builds by hand (a check-in, a homework worksheet) add theirs
with :func:`problems_context`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask, before_render_template
from jinja2 import Template
from wtforms import Form

CONTEXT_KEY = "form_problems"
# Forms the app checks by hand add their problems under this key (a list of Problem).
EXTRA_KEY = "extra_form_problems"


@dataclass(frozen=True)
class Problem:
    """One thing to fix: ``target`` is the id of the field (or its group) on the page,
    ``text`` says what is wrong in plain words."""

    target: str
    text: str


def problems_context(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """Template context for a hand-built form's problems: ``render_template(...,
    **problems_context(found))``."""
    return {EXTRA_KEY: list(problems)}


def _forms_in(value: Any, depth: int = 0) -> Iterator[Form]:
    if isinstance(value, Form):
        yield value
    elif depth == 0 and isinstance(value, (list, tuple)):
        for item in value:
            yield from _forms_in(item, 1)
    elif depth == 0 and isinstance(value, dict):
        for item in value.values():
            yield from _forms_in(item, 1)


def _field_target(field: Any) -> str:
    """Radio and checkbox groups are fieldsets named ``<id>-group`` by the form macro; the
    link goes to the group so the whole question is in view."""
    if field.type == "RadioField" or field.widget.__class__.__name__ == "ListWidget":
        return f"{field.id}-group"
    return str(field.id)


def form_problems(form: Form) -> list[Problem]:
    """The problems of one validated form, in field order: one per field with errors
    (the CSRF token's own problem is shown as a message of its own by the page), then
    errors that belong to the whole form, linked to its first field."""
    found: list[Problem] = []
    first: str | None = None
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField", "SubmitField"):
            continue
        first = first or _field_target(field)
        # A message may be a lazily translated string (not a ``str`` until rendered);
        # only nested forms' dicts and lists are left to their own fields.
        messages = [str(m) for m in field.errors if not isinstance(m, (dict, list, tuple))]
        if messages:
            found.append(Problem(_field_target(field), f"{field.label.text}: {' '.join(messages)}"))
    for message in getattr(form, "form_errors", []) or []:
        found.append(Problem(first or "main", str(message)))
    return found


def collect(context: dict[str, Any]) -> list[Problem]:
    """Every problem on the page about to render, without repeats."""
    found: list[Problem] = []
    seen: set[int] = set()
    for key, value in list(context.items()):
        if key == CONTEXT_KEY:
            continue
        for form in _forms_in(value):
            if id(form) not in seen:
                seen.add(id(form))
                found += form_problems(form)
    found += [p for p in context.get(EXTRA_KEY, []) if isinstance(p, Problem)]
    return list(dict.fromkeys(found))


def register_form_problems(app: Flask) -> None:
    """Put ``form_problems`` into the context of every template the app renders."""

    def add_problems(sender: Flask, template: Template, context: dict[str, Any]) -> None:
        context[CONTEXT_KEY] = collect(context)

    before_render_template.connect(add_problems, app, weak=False)


class InputProblems(ValueError):
    """Typed input a service cannot store; ``problems`` maps each input's name to a
    message naming it, for a page's fields or an API's JSON fields."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems
