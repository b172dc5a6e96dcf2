"""The form-based template builder: what a facilitator typed, as a draft, and its definition.

The builder page is one form. Every action on it ("add a question", "move up", "remove",
"add a choice") is a submit button, so it works without JavaScript: the posted form is read
into a :class:`Draft` that keeps everything typed (also the options of a type the question
no longer has, so switching a type back loses nothing), the action is applied, and the page
is shown again. Saving turns the draft into the same plain data a YAML file holds and
validates it with :func:`groupapp.homework.fields.parse_fields`, the one schema every
template obeys; its problems are mapped back to the input they are about.

Input names are those of :mod:`groupapp.homework.builder_words`; the Spanish version of
an input (homework templates only) is ``{prefix}-es_{option}``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from groupapp.core.form_problems import Problem
from groupapp.homework.builder_words import (
    WORDS,
    input_id,
    locate_prefix,
    locate_problem,
    question_place,
)
from groupapp.homework.fields import (
    CHOICE_TYPES,
    FIELD_TYPES,
    LONG_TEXT,
    MAX_FIELDS,
    REPEATING_GROUP,
    SCALE,
    SHORT_TEXT,
    TEXT_LIMITS,
    TEXT_TYPES,
    Field,
    SchemaError,
    parse_fields,
)

#: The field types as the builder names them, in the order it offers them.
TYPE_LABELS = {
    SHORT_TEXT: "Short text",
    LONG_TEXT: "Long text",
    "single_choice": "Single choice",
    "multi_choice": "Checklist (several choices)",
    SCALE: "Scale",
    "date": "Date",
    REPEATING_GROUP: "Repeating group",
}
#: How many rows of a posted form are read at most (past the schema's own limits, so
#: the schema still names the excess, but a hostile form cannot make the page huge).
READ_LIMIT = {"f": MAX_FIELDS + 5, "s": 17, "c": 45}
OPTION_NAMES = (
    "max_length",
    "min",
    "max",
    "min_label",
    "max_label",
    "min_entries",
    "max_entries",
    "entry_label",
)
NUMBER_OPTIONS = ("max_length", "min", "max", "min_entries", "max_entries")
MAX_TYPED = 20000  # characters kept of any one input
#: The words of a question that a translation gives (choices have ``es_label``).
SPANISH_WORDS = ("label", "help", "min_label", "max_label", "entry_label")


@dataclass
class DraftChoice:
    """One choice as typed: its label, and the stored value (generated when left empty)."""

    label: str = ""
    value: str = ""
    auto_value: str = ""  # the value last made from the label, until the template is saved
    es_label: str = ""


@dataclass
class DraftField:
    """One question as typed; every option is kept as text whatever the type."""

    type: str = SHORT_TEXT
    label: str = ""
    help: str = ""
    required: bool = False
    key: str = ""
    auto_key: str = ""  # the key last made from the label, until the template is saved
    options: dict[str, str] = field(default_factory=dict)
    choices: list[DraftChoice] = field(default_factory=list)
    fields: list[DraftField] = field(default_factory=list)
    # The Spanish words as typed, by word (``label``, ``help``, ``min_label``, ...).
    es: dict[str, str] = field(default_factory=dict)

    def option(self, name: str) -> str:
        """The typed value of option ``name`` ("" when never typed)."""
        return self.options.get(name, "")


def _text(value: Any) -> str:
    return str(value)[:MAX_TYPED] if value is not None else ""


def _indices(form: Mapping[str, Any], pattern: str, kind: str) -> list[int]:
    found = {int(m.group(1)) for name in form if (m := re.fullmatch(pattern, name))}
    return sorted(found)[: READ_LIMIT[kind]]


# --- from a form, and from a definition --------------------------------------------------


def read_form(form: Mapping[str, Any]) -> list[DraftField]:
    """The questions typed into the builder form (``request.form``), in their order."""
    return [
        _read_field(form, f"f{i}", nested=False) for i in _indices(form, r"f([0-9]+)-type", "f")
    ]


def _read_field(form: Mapping[str, Any], prefix: str, *, nested: bool) -> DraftField:
    def get(name: str) -> str:
        return _text(form.get(f"{prefix}-{name}"))

    kind = get("type")
    key, auto_key = get("key").strip(), get("auto_key")
    item = DraftField(
        type=kind if kind in FIELD_TYPES else SHORT_TEXT,
        label=get("label"),
        help=get("help"),
        required=bool(form.get(f"{prefix}-required")),
        # A key still as it was made from the label is made again (the label may have
        # changed); one the facilitator typed, or one of a saved template, stays.
        key="" if key == auto_key else key,
        options={name: get(name) for name in OPTION_NAMES if f"{prefix}-{name}" in form},
        es={word: get(f"es_{word}") for word in SPANISH_WORDS if f"{prefix}-es_{word}" in form},
    )
    for j in _indices(form, re.escape(prefix) + r"c([0-9]+)-label", "c"):
        label = _text(form.get(f"{prefix}c{j}-label"))
        value = _text(form.get(f"{prefix}c{j}-value")).strip()
        made = _text(form.get(f"{prefix}c{j}-auto_value"))
        spanish = _text(form.get(f"{prefix}c{j}-es_label"))
        item.choices.append(DraftChoice(label, "" if value == made else value, es_label=spanish))
    if not nested:
        item.fields = [
            _read_field(form, f"{prefix}s{k}", nested=True)
            for k in _indices(form, re.escape(prefix) + r"s([0-9]+)-type", "s")
        ]
    return item


def draft_from_fields(fields: Iterable[Field]) -> list[DraftField]:
    """A saved definition as the builder shows it, ready to edit."""
    return [_draft_from_field(item) for item in fields]


def _draft_from_field(item: Field) -> DraftField:
    options: dict[str, str] = {}
    if item.is_text:
        options["max_length"] = str(item.max_length or "")
    elif item.type == SCALE:
        options.update(min=str(item.min), max=str(item.max))
        options.update(min_label=item.min_label, max_label=item.max_label)
    elif item.type == REPEATING_GROUP:
        options.update(min_entries=str(item.min_entries), max_entries=str(item.max_entries))
        options["entry_label"] = item.entry_label
    return DraftField(
        type=item.type,
        label=item.label,
        help=item.help,
        required=item.required,
        key=item.key,
        options=options,
        choices=[DraftChoice(c.label, c.value) for c in item.choices],
        fields=[_draft_from_field(sub) for sub in item.fields],
    )


def new_field(kind: str) -> DraftField:
    """An empty question of type ``kind`` with the options a facilitator usually wants."""
    kind = kind if kind in FIELD_TYPES else SHORT_TEXT
    item = DraftField(type=kind)
    if kind in TEXT_TYPES:
        item.options["max_length"] = str(TEXT_LIMITS[kind][0])
    elif kind == SCALE:
        item.options.update(min="0", max="10")
    elif kind in CHOICE_TYPES:
        item.choices = [DraftChoice(), DraftChoice()]
    elif kind == REPEATING_GROUP:
        item.options.update(min_entries="0", max_entries="5")
        item.fields = [new_field(SHORT_TEXT)]
    return item


def with_blank_choices(items: list[DraftField]) -> list[DraftField]:
    """Give every choice question at least two rows to type into (after a change of type).

    Blank rows are left out when saving, so this changes nothing that is stored.
    """
    for item in items:
        if item.type in CHOICE_TYPES:
            item.choices += [DraftChoice() for _ in range(2 - len(item.choices))]
        with_blank_choices(item.fields)
    return items


# --- actions -------------------------------------------------------------------------------


def apply_action(fields: list[DraftField], action: str, form: Mapping[str, Any]) -> str | None:
    """Apply one builder button to the draft in place; returns the id to focus next.

    ``action`` is ``verb:prefix`` (``add:``, ``up:f2``, ``down:f2s1``, ``remove:f2``,
    ``add_choice:f2``, ``remove_choice:f2c1``, ``type:f2`` after a change of type); the
    type of a new question is read from ``{prefix}-new_type`` (``new_type`` for a top-level
    one). Unknown actions change nothing.
    """
    verb, _, prefix = action.partition(":")
    if verb == "add":
        siblings, owner = _siblings(fields, prefix) if prefix else (fields, None)
        if owner is None and prefix:
            return None
        kind = _text(form.get(f"{prefix}-new_type" if prefix else "new_type"))
        if owner is not None and kind == REPEATING_GROUP:
            kind = SHORT_TEXT
        siblings.append(new_field(kind))
        child = f"{prefix}s{len(siblings) - 1}" if prefix else f"f{len(siblings) - 1}"
        return input_id(child, "label")
    if verb in ("up", "down", "remove"):
        return _move_or_remove(fields, verb, prefix)
    if verb in ("add_choice", "remove_choice"):
        return _choice_action(fields, verb, prefix)
    if verb == "clear_spanish":
        clear_spanish(fields)
        return "b-spanish"
    if verb == "type" and (changed := _field_at(fields, prefix)) is not None:
        _fit_text_limit(changed)
        return input_id(prefix, "type")  # laid out again for its new type; keep the place
    return None


def _fit_text_limit(item: DraftField) -> None:
    """Give a text question the limit its type suggests, unless the facilitator chose one.

    A limit that is another text type's default was not chosen for this type (it came with
    the question before its type changed), and one past this type's largest cannot be kept.
    """
    if item.type not in TEXT_TYPES:
        return
    default, largest = TEXT_LIMITS[item.type]
    typed = item.option("max_length").strip()
    other_defaults = {str(limits[0]) for kind, limits in TEXT_LIMITS.items() if kind != item.type}
    too_long = re.fullmatch(r"[0-9]+", typed) is not None and int(typed) > largest
    if not typed or typed in other_defaults or too_long:
        item.options["max_length"] = str(default)


def spanish_typed(fields: Iterable[DraftField]) -> bool:
    """Whether any question, sub-question or choice has a Spanish word typed (not blank)."""
    return any(
        any(word.strip() for word in item.es.values())
        or any(choice.es_label.strip() for choice in item.choices)
        or spanish_typed(item.fields)
        for item in fields
    )


def clear_spanish(fields: list[DraftField]) -> None:
    """Forget every Spanish word typed for the questions (in place)."""
    for item in fields:
        item.es = {}
        for choice in item.choices:
            choice.es_label = ""
        clear_spanish(item.fields)


def _siblings(fields: list[DraftField], group_prefix: str) -> tuple[list[DraftField], Any]:
    place = locate_prefix(group_prefix)
    if place is None or place[1] is not None or place[0] >= len(fields):
        return fields, None
    group = fields[place[0]]
    return group.fields, group


def _field_at(fields: list[DraftField], prefix: str) -> DraftField | None:
    place = locate_prefix(prefix)
    if place is None or place[0] >= len(fields):
        return None
    item = fields[place[0]]
    if place[1] is not None:
        if place[1] >= len(item.fields):
            return None
        item = item.fields[place[1]]
    return item


def _move_or_remove(fields: list[DraftField], verb: str, prefix: str) -> str | None:
    place = locate_prefix(prefix)
    if place is None or place[2] is not None or _field_at(fields, prefix) is None:
        return None
    top, sub, _ = place
    siblings = fields if sub is None else fields[top].fields
    index = top if sub is None else sub
    parent = "" if sub is None else f"f{top}"

    def name(i: int) -> str:
        return f"{parent}s{i}" if parent else f"f{i}"

    if verb == "remove":
        del siblings[index]
        return input_id(parent, "add") if parent else "b-add"
    target = index - 1 if verb == "up" else index + 1
    if not 0 <= target < len(siblings):
        return input_id(name(index), verb)
    siblings[index], siblings[target] = siblings[target], siblings[index]
    return input_id(name(target), verb)


def _choice_action(fields: list[DraftField], verb: str, prefix: str) -> str | None:
    place = locate_prefix(prefix)
    if place is None:
        return None
    owner_prefix = prefix.rsplit("c", 1)[0] if place[2] is not None else prefix
    item = _field_at(fields, owner_prefix)
    if item is None:
        return None
    if verb == "add_choice":
        item.choices.append(DraftChoice())
        return input_id(f"{owner_prefix}c{len(item.choices) - 1}", "label")
    if place[2] is not None and place[2] < len(item.choices):
        del item.choices[place[2]]
    return input_id(owner_prefix, "add_choice")


# --- to a definition -----------------------------------------------------------------------


def key_from_label(label: str, taken: set[str]) -> str:
    """A key for a question or choice made from its label: ``a-z``, digits and ``_``,
    starting with a letter, at most 40 characters, not in ``taken`` (a number is added)."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    base = "_".join(words)[:32].strip("_") or "item"
    if not base[0].isalpha():
        base = f"q_{base}"[:32]
    key, number = base, 2
    while key in taken:
        key = f"{base}_{number}"
        number += 1
    return key


def _assign_keys(items: list[DraftField]) -> None:
    """Fill in empty keys (and choice values) from labels, unique among their siblings.

    Until the template is saved a made key follows its label; once saved it stays as it
    is when the label is edited later, so answers stored under it keep their question.
    """
    taken = {item.key for item in items if item.key}
    for item in items:
        if not item.key and item.label.strip():
            item.key = item.auto_key = key_from_label(item.label, taken)
            taken.add(item.key)
        values = {c.value for c in item.choices if c.value}
        for choice in item.choices:
            if not choice.value and choice.label.strip():
                choice.value = choice.auto_value = key_from_label(choice.label, values)
                values.add(choice.value)
        _assign_keys(item.fields)


def to_raw(
    items: list[DraftField], prefix: str = "f"
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The draft as the plain data a YAML file holds, and the numbers that are not numbers.

    Empty choices (no label and no value) are left out.
    """
    raw: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        here = f"{prefix}{index}"
        data: dict[str, Any] = {"key": item.key, "type": item.type, "label": item.label}
        if item.help.strip():
            data["help"] = item.help
        data["required"] = item.required
        for name in _options_of(item.type):
            text = item.option(name).strip()
            if name not in NUMBER_OPTIONS:
                data[name] = text
            elif text:
                if re.fullmatch(r"-?[0-9]{1,6}", text):
                    data[name] = int(text)
                else:
                    message = f"{question_place(here, item)}, {WORDS[name]}: enter a whole number"
                    problems.append(Problem(input_id(here, name), message))
        if item.type in CHOICE_TYPES:
            data["choices"] = [
                {"value": c.value, "label": c.label} for c in item.choices if c.label or c.value
            ]
        if item.type == REPEATING_GROUP:
            data["fields"], more = to_raw(item.fields, f"{here}s")
            problems += more
        raw.append(data)
    return raw, problems


def _options_of(kind: str) -> tuple[str, ...]:
    if kind in TEXT_TYPES:
        return ("max_length",)
    if kind == SCALE:
        return ("min", "max", "min_label", "max_label")
    if kind == REPEATING_GROUP:
        return ("min_entries", "max_entries", "entry_label")
    return ()


def build(items: list[DraftField]) -> tuple[tuple[Field, ...], list[Problem]]:
    """Validate the draft with the template schema; the fields, or the problems to show.

    Keys left empty are made from the labels first (in place, so the page shows them).
    """
    _assign_keys(items)
    raw, problems = to_raw(items)
    try:
        fields = parse_fields(raw)
    except SchemaError as exc:
        problems += [locate_problem(p, raw) for p in exc.problems]
        return (), problems
    return ((), problems) if problems else (fields, [])


def preview_fields(items: list[DraftField]) -> tuple[tuple[Field, ...], int]:
    """The questions that are complete enough to show, and how many are not (yet).

    Each question is checked on its own with the schema, so one unfinished question does
    not hide the others from the preview.
    """
    _assign_keys(items)
    shown: list[Field] = []
    for item in items:
        raw, problems = to_raw([item])
        if problems:
            continue
        try:
            shown += parse_fields(raw)
        except SchemaError:
            continue
    return tuple(shown), len(items) - len(shown)
