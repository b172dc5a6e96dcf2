"""Homework templates an organisation can assign: the built-ins and its own edited copies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import yaml

from groupapp.accounts.models import User
from groupapp.audit.services import record
from groupapp.core.safe_data import UnreadableData, load_yaml
from groupapp.db import db
from groupapp.homework.fields import Field, SchemaError, parse_fields
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.models import HomeworkTemplate
from groupapp.homework.services import AssignmentSpec, Due, HomeworkError
from groupapp.programs.models import Program

BUILTIN_PREFIX = "builtin:"
OWN_PREFIX = "own:"


@dataclass(frozen=True)
class TemplateChoice:
    """A template as offered on the assign form: built-in (by slug) or the org's own."""

    key: str
    title: str
    summary: str
    instructions: str
    fields: tuple[Field, ...]
    template_id: int | None = None
    source_slug: str | None = None

    @property
    def is_builtin(self) -> bool:
        """Whether this is one of the built-in templates."""
        return self.template_id is None


def organisation_templates(organisation_id: int) -> list[HomeworkTemplate]:
    """The organisation's own templates, newest title order."""
    return list(
        db.session.scalars(
            sa.select(HomeworkTemplate)
            .where(
                HomeworkTemplate.organisation_id == organisation_id,
                HomeworkTemplate.archived.is_(False),
            )
            .order_by(HomeworkTemplate.title, HomeworkTemplate.id)
        )
    )


def _choice(key: str, source: Any, fields: tuple[Field, ...], **origin: Any) -> TemplateChoice:
    return TemplateChoice(key, source.title, source.summary, source.instructions, fields, **origin)


def template_choices(organisation_id: int) -> list[TemplateChoice]:
    """Every template the organisation may assign: its own first, then the built-ins."""
    own = [
        _choice(
            f"{OWN_PREFIX}{t.id}", t, t.field_list(), template_id=t.id, source_slug=t.source_slug
        )
        for t in organisation_templates(organisation_id)
    ]
    builtin = [
        _choice(f"{BUILTIN_PREFIX}{d.slug}", d, d.fields, source_slug=d.slug)
        for d in sorted(load_builtin_templates().values(), key=lambda d: d.title)
    ]
    return own + builtin


def find_choice(organisation_id: int, key: str) -> TemplateChoice | None:
    """The choice with ``key`` for this organisation, or None."""
    return next((c for c in template_choices(organisation_id) if c.key == key), None)


def assignment_spec(
    choice: TemplateChoice,
    due: Due,
    *,
    title: str = "",
    instructions: str = "",
    member_ids: Sequence[int] | None = None,
    include_later_joiners: bool = False,
) -> AssignmentSpec:
    """What to assign from ``choice``: an empty title or instructions means the template's."""
    return AssignmentSpec(
        title=title.strip() or choice.title,
        instructions=instructions.strip() or choice.instructions,
        fields=choice.fields,
        due=due,
        member_ids=member_ids,
        include_later_joiners=include_later_joiners,
        template_id=choice.template_id,
        source_slug=choice.source_slug,
    )


def clone(choice: TemplateChoice, by: User) -> HomeworkTemplate:
    """Copy a template into the organisation so a facilitator can edit it."""
    template = HomeworkTemplate(
        organisation_id=by.organisation_id,
        source_slug=choice.source_slug,
        title=f"{choice.title} (copy)"[:120],
        summary=choice.summary,
        instructions=choice.instructions,
        fields=[item.to_dict() for item in choice.fields],
        created_by_id=by.id,
    )
    db.session.add(template)
    db.session.flush()
    record("homework.template.create", template)
    return template


def fields_as_yaml(template: HomeworkTemplate) -> str:
    """The field definitions as the YAML text facilitators edit."""
    return yaml.safe_dump(template.fields, sort_keys=False, allow_unicode=True, width=88)


def update(
    template: HomeworkTemplate, title: str, summary: str, instructions: str, fields_yaml: str
) -> list[str]:
    """Apply an edit; returns the problems (each with its path) instead of saving a bad one."""
    try:
        raw: Any = load_yaml(fields_yaml)
    except UnreadableData as exc:
        return [f"The fields could not be read: {exc}"]
    try:
        fields = parse_fields(raw)
    except SchemaError as exc:
        return exc.problems
    template.title = title.strip()
    template.summary = summary.strip()
    template.instructions = instructions.strip()
    template.fields = [item.to_dict() for item in fields]
    record("homework.template.update", template)
    db.session.flush()
    return []


def archive(template: HomeworkTemplate) -> None:
    """Hide a template from the assign form; assignments made from it keep their copy."""
    if template.archived:
        raise HomeworkError("This template is already archived.")
    template.archived = True
    record("homework.template.archive", template)
    db.session.flush()


@dataclass(frozen=True)
class Suggestion:
    """A program topic's suggested homework, due before the following meeting."""

    week: int
    topic: str
    choice: TemplateChoice

    @property
    def due_meeting(self) -> int:
        """The meeting the homework of this week's topic is due before."""
        return self.week + 1


def suggestions_for(
    program: Program | None, choices: list[TemplateChoice], meetings: int | None = None
) -> list[Suggestion]:
    """The program's topics that suggest homework, matched to assignable templates.

    An organisation's own copy of a suggested built-in is preferred over the original.
    With ``meetings`` (how many the cohort has), a suggestion due before a meeting the
    cohort does not have is left out: a six-meeting cohort is never offered "meeting 7".
    """
    if program is None:
        return []
    by_slug: dict[str, TemplateChoice] = {}
    for choice in reversed(choices):  # own templates come first, so they win
        if choice.source_slug:
            by_slug[choice.source_slug] = choice
    return [
        Suggestion(topic.position + 1, topic.title, by_slug[topic.suggested_homework])
        for topic in program.topics
        if topic.suggested_homework in by_slug
        and (meetings is None or topic.position + 2 <= meetings)
    ]
