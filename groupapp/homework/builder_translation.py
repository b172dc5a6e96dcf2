"""The Spanish version of a template in the builder: read, checked, stored and shown again.

The Spanish words are typed beside the English ones (``{prefix}-es_{word}`` inputs, kept
on every draft through all the builder's buttons). Saving turns them into translation
data of the shape the built-in translation files have, checked by the same parser
(:func:`groupapp.homework.translations.parse_translation`): once any Spanish word is
given, every word the English has must be given, and each missing one is named by its
question. Stored translations are keyed by field key and choice value, so they follow
their questions whatever order the builder shows them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from groupapp.core.form_problems import Problem
from groupapp.homework.builder import SPANISH_WORDS, DraftField
from groupapp.homework.builder_words import WORDS, input_id, question_place
from groupapp.homework.fields import (
    CHOICE_TYPES,
    REPEATING_GROUP,
    SCALE,
    Field,
    SchemaError,
    TemplateDefinition,
)
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.translations import builtin_in_language, parse_translation, words_of

SPANISH = "es"
#: The template's own words, as the builder's inputs for their Spanish are named.
TEMPLATE_WORDS = {"title": "es_title", "summary": "es_summary", "instructions": "es_instructions"}
#: What "(copy)" in a copied template's title is in each language.
COPY_MARK = {"es": "copia"}


@dataclass(frozen=True)
class SpanishText:
    """The template's own words in Spanish as typed: title, summary, instructions."""

    title: str = ""
    summary: str = ""
    instructions: str = ""

    def words(self) -> dict[str, str]:
        """Each word that was typed, by its name in translation data."""
        return {key: getattr(self, key) for key in TEMPLATE_WORDS if getattr(self, key).strip()}


def spanish_started(drafts: list[DraftField], text: SpanishText) -> bool:
    """Whether any Spanish word was typed, for the template or any question."""
    return bool(text.words()) or any(_typed(item) for item in drafts)


def _typed(item: DraftField) -> bool:
    return (
        any(value.strip() for value in item.es.values())
        or any(choice.es_label.strip() for choice in item.choices)
        or any(_typed(sub) for sub in item.fields)
    )


def _words_of_type(item: DraftField) -> tuple[str, ...]:
    extra = {SCALE: ("min_label", "max_label"), REPEATING_GROUP: ("entry_label",)}
    return ("label", "help", *extra.get(item.type, ()))


def _field_data(item: DraftField) -> dict[str, Any]:
    data: dict[str, Any] = {
        word: item.es[word] for word in _words_of_type(item) if item.es.get(word, "").strip()
    }
    if item.type in CHOICE_TYPES:
        data["choices"] = {
            c.value: c.es_label for c in item.choices if (c.label or c.value) and c.es_label.strip()
        }
    if item.type == REPEATING_GROUP:
        data["fields"] = {sub.key: _field_data(sub) for sub in item.fields}
    return data


def typed_translation(drafts: list[DraftField], text: SpanishText) -> dict[str, Any]:
    """The Spanish words typed, as translation data (questions keyed by their keys:
    run :func:`groupapp.homework.builder.build` first so every question has one)."""
    return {**text.words(), "fields": {item.key: _field_data(item) for item in drafts}}


def build_translation(
    drafts: list[DraftField], english: TemplateDefinition, text: SpanishText
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The Spanish version to store (None when none was started), or the problems.

    ``english`` is the template as it will be saved (``fields`` built from ``drafts``).
    A problem's target is the Spanish input it is about (``es_title`` for the template's
    own words, the WTForms ids of the details form).
    """
    if not spanish_started(drafts, text):
        return None, []
    try:
        translated = parse_translation(typed_translation(drafts, text), english)
    except SchemaError as exc:
        return None, [_located(problem, drafts) for problem in exc.problems]
    return words_of(translated), []


def _said(message: str) -> str:
    if message in ("required", "expected text"):
        return "missing"
    if message.startswith("the English"):
        return "the English has none, so leave it empty"
    return message


def _located(problem: str, drafts: list[DraftField]) -> Problem:
    path, _, message = problem.partition(": ")
    parts = path.split(".")
    if parts[0] in TEMPLATE_WORDS:
        return Problem(
            TEMPLATE_WORDS[parts[0]], f"{parts[0].capitalize()} in Spanish: {_said(message)}"
        )
    items, prefix, rest = drafts, "", parts[1:]
    item: DraftField | None = None
    for _depth in range(2):
        index = next((i for i, d in enumerate(items) if rest and d.key == rest[0]), None)
        if index is None:
            return Problem("b-spanish", f"The Spanish version: {path}: {_said(message)}")
        item, prefix, rest = items[index], f"{prefix}s{index}" if prefix else f"f{index}", rest[1:]
        if len(rest) > 1 and rest[0] == "fields":
            items, rest = item.fields, rest[1:]
            continue
        break
    word = rest[0] if rest else "label"
    where = question_place(prefix, item)
    if word == "choices" and len(rest) > 1 and item is not None:
        j = next((j for j, c in enumerate(item.choices) if c.value == rest[1]), 0)
        target = input_id(f"{prefix}c{j}", "es_label")
        return Problem(target, f"{where}, choice {j + 1} in Spanish: {_said(message)}")
    target = input_id(prefix, f"es_{word}")
    return Problem(target, f"{where}, {WORDS.get(word, word)} in Spanish: {_said(message)}")


# --- shown again -----------------------------------------------------------------------------


def fill_drafts(drafts: list[DraftField], data: Any) -> SpanishText:
    """Put stored translation data's words onto ``drafts`` (matched by key and choice
    value) for the builder to show; returns the template's own words."""
    if not isinstance(data, dict):
        return SpanishText()
    _fill(drafts, data.get("fields"))
    words = {key: data.get(key) for key in TEMPLATE_WORDS}
    return SpanishText(**{k: v for k, v in words.items() if isinstance(v, str)})


def _fill(drafts: list[DraftField], data: Any) -> None:
    if not isinstance(data, dict):
        return
    for item in drafts:
        entry = data.get(item.key)
        if not isinstance(entry, dict):
            continue
        item.es = {w: entry[w] for w in SPANISH_WORDS if isinstance(entry.get(w), str)}
        labels = entry.get("choices")
        for choice in item.choices:
            if isinstance(labels, dict) and isinstance(labels.get(choice.value), str):
                choice.es_label = labels[choice.value]
        _fill(item.fields, entry.get("fields"))


def spanish_for_copy(
    title: str, summary: str, instructions: str, fields: tuple[Field, ...], source_slug: str | None
) -> dict[str, Any] | None:
    """The built-in's Spanish words for a copy of it that has none of its own: for each
    question still as the built-in has it, and the title, summary and instructions while
    they are the built-in's (a title marked "(copy)" keeps the mark). None when nothing
    is unchanged or the built-in has no Spanish."""
    english = load_builtin_templates().get(source_slug or "")
    spanish = builtin_in_language(source_slug, SPANISH) if english and source_slug else None
    if english is None or spanish is None:
        return None
    words = words_of(spanish)
    unchanged = {item.key for item in english.fields} & {item.key for item in fields}
    kept = {
        item.key: words["fields"][item.key]
        for item in fields
        if item.key in unchanged and item == next(e for e in english.fields if e.key == item.key)
    }
    if not kept:
        return None
    data: dict[str, Any] = {"fields": kept}
    if title == english.title:
        data["title"] = spanish.title
    elif title == copied_title(english.title):
        data["title"] = copied_title(spanish.title, SPANISH)
    for key, value in (("summary", summary), ("instructions", instructions)):
        if value.strip() == getattr(english, key).strip() and key in words:
            data[key] = words[key]
    return data


def copied_title(title: str, language: str = "en") -> str:
    """A copy's title: the original's marked as a copy, in ``language``."""
    return f"{title} ({COPY_MARK.get(language, 'copy')})"[:120]
