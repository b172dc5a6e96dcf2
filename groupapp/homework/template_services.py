"""Homework templates an organisation can assign: the built-ins and its own edited copies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import yaml
from flask_babel import gettext as _

from groupapp.accounts.models import User
from groupapp.audit.services import record
from groupapp.core.safe_data import UnreadableData, load_yaml
from groupapp.db import db
from groupapp.homework.builder_translation import SPANISH, copied_title, spanish_for_copy
from groupapp.homework.builder_words import locate_problem
from groupapp.homework.fields import Field, SchemaError, TemplateDefinition, parse_fields
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.models import HomeworkTemplate
from groupapp.homework.services import AssignmentSpec, Due, HomeworkError
from groupapp.homework.translations import builtin_in_language, parse_translation, words_of
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
    version: int | None = None
    # The own template's words in other languages (``HomeworkTemplate.translations``).
    translations: dict[str, Any] | None = None

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


def own_choice(template: HomeworkTemplate) -> TemplateChoice:
    """The organisation's own ``template`` as the assign form offers it."""
    return _choice(
        f"{OWN_PREFIX}{template.id}",
        template,
        template.field_list(),
        template_id=template.id,
        source_slug=template.source_slug,
        version=template.version,
        translations=template.translations,
    )


def template_choices(organisation_id: int) -> list[TemplateChoice]:
    """Every template the organisation may assign: its own first, then the built-ins."""
    own = [own_choice(t) for t in organisation_templates(organisation_id)]
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
    """What to assign from ``choice``: an empty title or instructions means the template's.

    The template's translations come along; a title or instructions changed here stay in
    the facilitator's words for every reader, as with the built-ins."""
    title = title.strip() or choice.title
    instructions = instructions.strip() or choice.instructions
    return AssignmentSpec(
        title=title,
        instructions=instructions,
        fields=choice.fields,
        due=due,
        member_ids=member_ids,
        include_later_joiners=include_later_joiners,
        template_id=choice.template_id,
        source_slug=choice.source_slug,
        translations=_assigned_translations(choice, title, instructions),
    )


def _assigned_translations(
    choice: TemplateChoice, title: str, instructions: str
) -> dict[str, Any] | None:
    assigned: dict[str, Any] = {}
    for language, words in (choice.translations or {}).items():
        if not isinstance(words, dict):
            continue
        words = {key: value for key, value in words.items() if key != "summary"}
        if title != choice.title:
            words["title"] = title
        if instructions != choice.instructions:
            words["instructions"] = instructions
        assigned[language] = words
    return assigned or None


def _copied_translations(choice: TemplateChoice) -> dict[str, Any] | None:
    """The translations a copy of ``choice`` starts with (titles marked as a copy)."""
    if choice.is_builtin:
        spanish = spanish_for_copy(
            copied_title(choice.title),
            choice.summary,
            choice.instructions,
            choice.fields,
            choice.source_slug,
        )
        return {SPANISH: spanish} if spanish else None
    copied = {
        language: {**words, "title": copied_title(str(words.get("title", "")), language)}
        for language, words in (choice.translations or {}).items()
        if isinstance(words, dict)
    }
    return copied or None


def clone(choice: TemplateChoice, by: User) -> HomeworkTemplate:
    """Copy a template into the organisation so a facilitator can edit it."""
    template = HomeworkTemplate(
        organisation_id=by.organisation_id,
        source_slug=choice.source_slug,
        title=copied_title(choice.title),
        summary=choice.summary,
        instructions=choice.instructions,
        fields=[item.to_dict() for item in choice.fields],
        translations=_copied_translations(choice),
        created_by_id=by.id,
    )
    db.session.add(template)
    db.session.flush()
    record("homework.template.create", template)
    return template


def choice_translations(choice: TemplateChoice) -> dict[str, Any]:
    """A template's words in other languages by language code: an own template's stored
    ones, a built-in's from its translation files."""
    if not choice.is_builtin:
        return dict(choice.translations or {})
    spanish = builtin_in_language(choice.source_slug or "", SPANISH)
    return {SPANISH: words_of(spanish)} if spanish else {}


def read_translations(
    template: HomeworkTemplate, given: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Translation data per language (None: none) checked against ``template``'s English:
    the words to store, or each problem as ``(path, text)`` (``es.fields.note.label``)."""
    english = TemplateDefinition(
        "", template.title, template.summary, template.instructions, template.field_list()
    )
    checked: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for language, raw in given.items():
        if raw is None:
            continue
        try:
            checked[language] = words_of(parse_translation(raw, english))
        except SchemaError as exc:
            for problem in exc.problems:
                path, _, text = problem.partition(": ")
                problems.append((f"{language}.{path}" if path != "(file)" else language, text))
    return checked, problems


def save_translations(template: HomeworkTemplate, translations: dict[str, Any]) -> None:
    """Store a new version of the template with ``translations`` (checked by
    :func:`read_translations`); homework already assigned keeps its own copy."""
    template.translations = translations or None
    template.version = (template.version or 1) + 1
    record("homework.template.update", template)
    db.session.flush()


def fields_as_yaml(fields: list[dict[str, Any]]) -> str:
    """Field definitions (``Field.to_dict()`` data) as YAML that ``read_fields_yaml`` reads."""
    return yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=88)


@dataclass(frozen=True)
class TemplateText:
    """What a template says besides its questions: title, summary and instructions."""

    title: str
    summary: str = ""
    instructions: str = ""


def create(
    by: User,
    text: TemplateText,
    fields: tuple[Field, ...],
    translations: dict[str, Any] | None = None,
) -> HomeworkTemplate:
    """A new template of the organisation, made from scratch in the builder (version 1).

    ``translations``: language code to translation data, checked by the caller
    (:func:`groupapp.homework.builder_translation.build_translation`)."""
    template = HomeworkTemplate(organisation_id=by.organisation_id, created_by_id=by.id)
    _set(template, text, fields, translations)
    db.session.add(template)
    db.session.flush()
    record("homework.template.create", template)
    return template


def save(
    template: HomeworkTemplate,
    text: TemplateText,
    fields: tuple[Field, ...],
    translations: dict[str, Any] | None = None,
) -> None:
    """Store a new version of the template (with ``translations`` as in :func:`create`);
    homework already assigned keeps its own copy."""
    _set(template, text, fields, translations)
    template.version = (template.version or 1) + 1
    record("homework.template.update", template)
    db.session.flush()


def _set(
    template: HomeworkTemplate,
    text: TemplateText,
    fields: tuple[Field, ...],
    translations: dict[str, Any] | None,
) -> None:
    template.title = text.title.strip()
    template.summary = text.summary.strip()
    template.instructions = text.instructions.strip()
    template.fields = [item.to_dict() for item in fields]
    template.translations = translations or None


def read_fields_yaml(text: str) -> tuple[tuple[Field, ...], list[str]]:
    """Field definitions from YAML text, or the problems in plain words (never both).

    Each problem names its path (``fields[0].max_length``) and says where that is in the
    builder's words ("Question 1 “Note”, longest answer"); the YAML parser's own wording
    never reaches the page.
    """
    try:
        raw: Any = load_yaml(text)
    except UnreadableData as exc:
        return (), [unreadable_in_words(str(exc))]
    try:
        return parse_fields(raw), []
    except SchemaError as exc:
        return (), [_path_and_words(problem, raw) for problem in exc.problems]


def _path_and_words(problem: str, raw: Any) -> str:
    path = problem.split(": ", 1)[0] if problem.startswith("fields") else ""
    words = locate_problem(problem, raw).text
    return f"{path}: {words}" if path and " " not in path else words


YAML_LINE = re.compile(r"^not valid YAML: line (\d+):")


def unreadable_in_words(reason: str) -> str:
    """Why text could not be read as YAML, said without the parser's vocabulary."""
    line = YAML_LINE.match(reason)
    if line:
        return (
            f"The text could not be read as YAML near line {line.group(1)}. Check that the "
            "line is indented like the ones around it, that each name is followed by a "
            "colon and a space, and that text holding a colon or # is in quotes."
        )
    if reason.startswith("not valid YAML"):
        return "The text holds a character that is not allowed (a control character)."
    if reason.startswith("could not be read"):
        return (
            "A value could not be read: for example a date that does not exist (such as "
            "2026-02-30) or a number that is too long. Put such text in quotes."
        )
    return f"The text could not be read: {reason}."


def archive(template: HomeworkTemplate) -> None:
    """Hide a template from the assign form; assignments made from it keep their copy."""
    if template.archived:
        raise HomeworkError(_("This template is already archived."))
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
