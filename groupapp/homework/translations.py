"""Built-in homework templates in other languages, and what a participant is shown.

``builtin/<language>/<slug>.yaml`` holds the words of one built-in template in that
language: ``title``, ``summary``, ``instructions`` and, per field key, ``label``,
``help``, ``min_label``/``max_label`` (scales), ``choices`` (labels keyed by value),
``entry_label`` and nested ``fields`` (repeating groups). Only words: types, limits and
choice values always come from the English file, and a translation must give every word
the English file has (``fields.situation.help: required``).

An organisation's own template keeps its translations in the same shape
(``HomeworkTemplate.translations``: language code to that data), read by the same parser;
an assignment keeps the ones of the template version it was given from.

A participant reads an assignment in their language where it carries its own translation;
otherwise only where it is still the built-in text: a title, instructions or field list a
facilitator changed stays in their words.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from groupapp.core.i18n import current_locale
from groupapp.core.safe_data import load_yaml
from groupapp.homework.fields import Choice, Field, TemplateDefinition
from groupapp.homework.library import BUILTIN_DIR, load_builtin_templates
from groupapp.programs.catalog import SchemaError

FIELD_WORDS = ("label", "help", "min_label", "max_label", "entry_label", "choices", "fields")
#: The longest text of each word, as the English schema allows it.
LONGEST = {
    "title": 120,
    "summary": 300,
    "instructions": 4000,
    "label": 200,
    "help": 600,
    "min_label": 60,
    "max_label": 60,
    "entry_label": 60,
    "choice": 200,
}


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


@lru_cache(maxsize=128)  # built-in templates x languages; bounded whatever the key
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


def _text(
    data: dict[str, Any], key: str, where: str, problems: list[str], longest: str = ""
) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        missing = key not in data or (isinstance(value, str) and not value.strip())
        problems.append(f"{_at(where, key)}: {'required' if missing else 'expected text'}")
        return ""
    limit = LONGEST[longest or key]
    if len(value.strip()) > limit:
        problems.append(f"{_at(where, key)}: at most {limit} characters")
    return value.strip()


def _words_like(
    english: Any, data: dict[str, Any], keys: tuple[str, ...], where: str, problems: list[str]
) -> dict[str, str]:
    """The translation of each of ``keys`` the English has; one it lacks is a problem."""
    words: dict[str, str] = {}
    for key in keys:
        if getattr(english, key):
            words[key] = _text(data, key, where, problems)
        elif key in data:
            owner = "field" if where else "template"
            problems.append(f"{_at(where, key)}: the English {owner} has none")
    return words


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
        **_words_like(english, data, ("summary", "instructions"), "", problems),
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
    words |= _words_like(
        english, data, ("help", "entry_label", "min_label", "max_label"), where, problems
    )
    if english.choices:
        labels = _mapping(
            data.get("choices", {}),
            f"{where}.choices",
            [c.value for c in english.choices],
            problems,
        )
        words["choices"] = tuple(
            Choice(c.value, _text(labels, c.value, f"{where}.choices", problems, "choice"))
            for c in english.choices
        )
    if english.fields:
        words["fields"] = _fields(data.get("fields"), english.fields, f"{where}.fields", problems)
    return replace(english, **words)


def shown_title(
    title: str, source_slug: str | None, language: str, own: Mapping[str, Any] | None = None
) -> str:
    """An assignment's title for a reader of ``language``: its own translation's, else
    the built-in translation's while it is still the built-in English title."""
    own_words = (own or {}).get(language)
    if isinstance(own_words, dict) and isinstance(own_words.get("title"), str):
        return own_words["title"].strip() or title
    english = load_builtin_templates().get(source_slug or "")
    if english is None or source_slug is None or title != english.title:
        return title
    translated = builtin_in_language(source_slug, language)
    return translated.title if translated else title


def title_as_rendered(assignment: Any) -> str:
    """The assignment's title in the language being rendered (an email takes its
    recipient's): a built-in homework's translation while it keeps the built-in title.
    ``assignment`` needs ``title`` and, optionally, ``source_slug`` and ``translations``."""
    return shown_title(
        assignment.title,
        getattr(assignment, "source_slug", None),
        current_locale(),
        getattr(assignment, "translations", None),
    )


def assignment_in_language(assignment: Any, language: str) -> ShownHomework:
    """An assignment's words for a reader of ``language`` (see :func:`shown_homework`).
    ``assignment`` needs ``title``, ``instructions``, ``field_list()``, ``source_slug``
    and ``translations``."""
    return shown_homework(
        assignment.title,
        assignment.instructions,
        assignment.field_list(),
        assignment.source_slug,
        language,
        assignment.translations,
    )


def shown_homework(
    title: str,
    instructions: str,
    fields: tuple[Field, ...],
    source_slug: str | None,
    language: str,
    own: Mapping[str, Any] | None = None,
) -> ShownHomework:
    """An assignment's words for a reader of ``language``: its own translation (``own``,
    language code to translation data) when it has one for ``language``; otherwise the
    built-in translation of each part (title, instructions, fields) that is still the
    built-in English text."""
    mine = own_translation(title, instructions, fields, own, language)
    if mine is not None:
        return mine
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


def own_translation(
    title: str,
    instructions: str,
    fields: tuple[Field, ...],
    own: Mapping[str, Any] | None,
    language: str,
) -> ShownHomework | None:
    """The words of ``own[language]`` over the English ones; None without a translation
    for ``language`` or with one that no longer fits the English (never shown half)."""
    raw = (own or {}).get(language)
    if raw is None:
        return None
    english = TemplateDefinition("", title, "", instructions, fields)
    try:
        translated = parse_translation(raw, english)
    except SchemaError:
        return None
    return ShownHomework(translated.title, translated.instructions, translated.fields, language)


def words_of(definition: TemplateDefinition) -> dict[str, Any]:
    """A translated definition as translation data (what :func:`parse_translation` reads):
    every word it has, keyed by field key and choice value."""
    data: dict[str, Any] = {"title": definition.title}
    for key in ("summary", "instructions"):
        if getattr(definition, key):
            data[key] = getattr(definition, key)
    data["fields"] = _field_words(definition.fields)
    return data


def _field_words(fields: tuple[Field, ...]) -> dict[str, Any]:
    words: dict[str, Any] = {}
    for item in fields:
        entry: dict[str, Any] = {"label": item.label}
        for key in ("help", "min_label", "max_label", "entry_label"):
            if getattr(item, key):
                entry[key] = getattr(item, key)
        if item.choices:
            entry["choices"] = {c.value: c.label for c in item.choices}
        if item.fields:
            entry["fields"] = _field_words(item.fields)
        words[item.key] = entry
    return words
