"""Built-in homework templates in other languages, and what a participant is shown.

``builtin/<language>/<slug>.yaml`` holds the words of one built-in template in that
language: ``title``, ``summary``, ``instructions`` and, per field key, ``label``,
``help``, ``min_label``/``max_label`` (scales), ``choices`` (labels keyed by value),
``entry_label`` and nested ``fields`` (repeating groups). Only words: types, limits and
choice values always come from the English file, and a translation must give every word
the English file has (``fields.situation.help: required``).

A participant reads an assignment in their language only where it is still the built-in
text: a title, instructions or field list a facilitator changed stays in their words.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from groupapp.core.i18n import current_locale
from groupapp.core.safe_data import load_yaml
from groupapp.homework.fields import Choice, Field, TemplateDefinition
from groupapp.homework.library import BUILTIN_DIR, load_builtin_templates
from groupapp.programs.catalog import SchemaError

FIELD_WORDS = ("label", "help", "min_label", "max_label", "entry_label", "choices", "fields")


@dataclass(frozen=True)
class ShownHomework:
    """The words of an assignment as one participant reads them."""

    title: str
    instructions: str
    fields: tuple[Field, ...]
    language: str


def translation_path(slug: str, language: str) -> Path:
    """Where a built-in template's words in ``language`` live."""
    return BUILTIN_DIR / language / f"{slug}.yaml"


@cache
def builtin_in_language(slug: str, language: str) -> TemplateDefinition | None:
    """The built-in template ``slug`` with the words of ``language``; None without a file.

    Raises ``SchemaError`` naming every missing or unknown word when the file is incomplete.
    """
    english = load_builtin_templates().get(slug)
    path = translation_path(slug, language)
    if english is None or not path.is_file():
        return None
    raw = load_yaml(path.read_text(encoding="utf-8"))
    try:
        return parse_translation(raw, english)
    except SchemaError as exc:
        raise SchemaError([f"{language}/{path.name}: {p}" for p in exc.problems]) from None


def parse_translation(raw: Any, english: TemplateDefinition) -> TemplateDefinition:
    """``english`` with the words of ``raw`` (a translation file's data).

    Raises ``SchemaError`` listing every missing word and unknown key by its path.
    """
    problems: list[str] = []
    translated = _template(raw, english, problems)
    if problems:
        raise SchemaError(problems)
    return translated


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _text(data: dict[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{_at(where, key)}: {'required' if key not in data else 'expected text'}")
        return ""
    return value.strip()


def _mapping(raw: Any, where: str, allowed: Collection[str], problems: list[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        problems.append(f"{where or '(file)'}: expected a mapping")
        return {}
    problems.extend(f"{_at(where, key)}: unknown key" for key in raw if key not in allowed)
    return raw


def _template(raw: Any, english: TemplateDefinition, problems: list[str]) -> TemplateDefinition:
    data = _mapping(raw, "", ("title", "summary", "instructions", "fields"), problems)
    return replace(
        english,
        title=_text(data, "title", "", problems),
        summary=_text(data, "summary", "", problems),
        instructions=_text(data, "instructions", "", problems),
        fields=_fields(data.get("fields"), english.fields, "fields", problems),
    )


def _fields(
    raw: Any, english: tuple[Field, ...], where: str, problems: list[str]
) -> tuple[Field, ...]:
    entries = _mapping(
        raw if raw is not None else {}, where, tuple(f.key for f in english), problems
    )
    return tuple(
        _field(entries.get(field.key), field, f"{where}.{field.key}", problems) for field in english
    )


def _field(raw: Any, english: Field, where: str, problems: list[str]) -> Field:
    data = _mapping(raw if raw is not None else {}, where, FIELD_WORDS, problems)
    words: dict[str, Any] = {"label": _text(data, "label", where, problems)}
    for key in ("help", "entry_label", "min_label", "max_label"):
        if getattr(english, key):
            words[key] = _text(data, key, where, problems)
        elif key in data:
            problems.append(f"{where}.{key}: the English field has none")
    if english.choices:
        labels = _mapping(
            data.get("choices", {}),
            f"{where}.choices",
            [c.value for c in english.choices],
            problems,
        )
        words["choices"] = tuple(
            Choice(c.value, _text(labels, c.value, f"{where}.choices", problems))
            for c in english.choices
        )
    if english.fields:
        words["fields"] = _fields(data.get("fields"), english.fields, f"{where}.fields", problems)
    return replace(english, **words)


def shown_title(title: str, source_slug: str | None, language: str) -> str:
    """An assignment's title for a reader of ``language`` (the translation while it is
    still the built-in English title)."""
    english = load_builtin_templates().get(source_slug or "")
    if english is None or source_slug is None or title != english.title:
        return title
    translated = builtin_in_language(source_slug, language)
    return translated.title if translated else title


def title_as_rendered(assignment: Any) -> str:
    """The assignment's title in the language being rendered (an email takes its
    recipient's): a built-in homework's translation while it keeps the built-in title.
    ``assignment`` needs ``title`` and, optionally, ``source_slug``."""
    return shown_title(assignment.title, getattr(assignment, "source_slug", None), current_locale())


def shown_homework(
    title: str, instructions: str, fields: tuple[Field, ...], source_slug: str | None, language: str
) -> ShownHomework:
    """An assignment's words for a reader of ``language``: the built-in translation of each
    part (title, instructions, fields) that is still the built-in English text."""
    english = load_builtin_templates().get(source_slug or "")
    translated = builtin_in_language(source_slug, language) if english and source_slug else None
    if english is None or translated is None:
        return ShownHomework(title, instructions, fields, "en")
    return ShownHomework(
        title=translated.title if title == english.title else title,
        instructions=(
            translated.instructions
            if instructions.strip() == english.instructions.strip()
            else instructions
        ),
        fields=translated.fields if fields == english.fields else fields,
        language=language if fields == english.fields else "en",
    )
