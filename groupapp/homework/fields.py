"""The homework template schema: field types, their options, and strict validation.

A template is an ordered list of fields. The same parser validates the built-in YAML
files and the definitions facilitators edit, so both obey one schema and every problem
is reported with its path (``fields[2].max_length: ...``). Answer handling lives in
``answers.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from groupapp.programs.catalog import MappingReader, SchemaError, read_list

__all__ = ["Choice", "Field", "SchemaError", "TemplateDefinition", "parse_fields", "parse_template"]

SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
SCALE = "scale"
SINGLE_CHOICE = "single_choice"
MULTI_CHOICE = "multi_choice"
DATE = "date"
REPEATING_GROUP = "repeating_group"

FIELD_TYPES = (SHORT_TEXT, LONG_TEXT, SCALE, SINGLE_CHOICE, MULTI_CHOICE, DATE, REPEATING_GROUP)
TEXT_TYPES = (SHORT_TEXT, LONG_TEXT)
CHOICE_TYPES = (SINGLE_CHOICE, MULTI_CHOICE)

#: Default and largest allowed ``max_length`` per text type.
TEXT_LIMITS = {SHORT_TEXT: (200, 500), LONG_TEXT: (4000, 20000)}
MAX_FIELDS = 40
MAX_ENTRIES = 30

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Choice:
    """One option of a single or multiple choice field."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One question of a homework template; type-specific options are ignored elsewhere."""

    key: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    max_length: int | None = None
    min: int = 0
    max: int = 10
    min_label: str = ""
    max_label: str = ""
    choices: tuple[Choice, ...] = ()
    fields: tuple[Field, ...] = ()
    min_entries: int = 0
    max_entries: int = 0
    entry_label: str = ""

    @property
    def is_text(self) -> bool:
        """Whether the answer is free text (short or long)."""
        return self.type in TEXT_TYPES

    def choice_label(self, value: str) -> str:
        """The label shown for a stored choice value (the value itself if unknown)."""
        return next((c.label for c in self.choices if c.value == value), value)

    def to_dict(self) -> dict[str, Any]:
        """The definition as plain data, accepted back by ``parse_fields``."""
        data: dict[str, Any] = {"key": self.key, "type": self.type, "label": self.label}
        if self.help:
            data["help"] = self.help
        data["required"] = self.required
        if self.is_text:
            data["max_length"] = self.max_length
        elif self.type == SCALE:
            data.update(min=self.min, max=self.max)
            data.update(min_label=self.min_label, max_label=self.max_label)
        elif self.type in CHOICE_TYPES:
            data["choices"] = [{"value": c.value, "label": c.label} for c in self.choices]
        elif self.type == REPEATING_GROUP:
            data.update(min_entries=self.min_entries, max_entries=self.max_entries)
            if self.entry_label:
                data["entry_label"] = self.entry_label
            data["fields"] = [sub.to_dict() for sub in self.fields]
        return data


@dataclass(frozen=True)
class TemplateDefinition:
    """A whole homework template as data: built-in YAML or a facilitator's edit."""

    slug: str
    title: str
    summary: str
    instructions: str
    fields: tuple[Field, ...] = ()


def parse_fields(raw: Any, path: str = "fields") -> tuple[Field, ...]:
    """Validate a list of field definitions; raise ``SchemaError`` with every problem."""
    problems: list[str] = []
    holder = MappingReader({"fields": raw}, "", problems)
    result = _read_fields(holder, "fields", nested=False)
    if problems and path != "fields":
        problems[:] = [path + p.removeprefix("fields") for p in problems]
    if problems:
        raise SchemaError(problems)
    return result


def parse_template(raw: Any, path: str = "") -> TemplateDefinition:
    """Validate a whole template mapping (slug, title, summary, instructions, fields)."""
    problems: list[str] = []
    reader = MappingReader(raw, path, problems)
    definition = TemplateDefinition(
        slug=reader.slug("slug"),
        title=reader.text("title", max_length=120),
        summary=reader.text("summary", max_length=300),
        instructions=reader.text("instructions", max_length=4000),
        fields=_read_fields(reader, "fields", nested=False),
    )
    reader.finish()
    if problems:
        raise SchemaError(problems)
    return definition


def _read_fields(reader: MappingReader, name: str, *, nested: bool) -> tuple[Field, ...]:
    fields = read_list(reader, name, lambda child: _read_field(child, nested=nested))
    limit = 12 if nested else MAX_FIELDS
    if len(fields) > limit:
        reader.problem(name, f"has {len(fields)} fields; at most {limit} are allowed")
    seen: set[str] = set()
    for index, item in enumerate(fields):
        if item.key and item.key in seen:
            reader.problem(f"{name}[{index}].key", f"'{item.key}' is used twice")
        seen.add(item.key)
    return tuple(fields)


def _read_field(reader: MappingReader, *, nested: bool) -> Field:
    key = reader.text("key", max_length=40)
    if key and not KEY_PATTERN.match(key):
        reader.problem("key", f"'{key}' must start with a-z and use only a-z, 0-9 and '_'")
    kind = reader.text("type", max_length=40)
    allowed = FIELD_TYPES[:-1] if nested else FIELD_TYPES
    if kind and kind not in allowed:
        where = " inside a repeating group" if nested and kind in FIELD_TYPES else ""
        reader.problem("type", f"'{kind}' is not allowed{where} (use one of {', '.join(allowed)})")
    common: dict[str, Any] = {
        "key": key,
        "type": kind,
        "label": reader.text("label", max_length=200),
        "help": reader.text("help", required=False, max_length=600),
        "required": reader.boolean("required"),
    }
    options = _TYPE_OPTIONS.get(kind, lambda r, c: {})(reader, common)
    return Field(**common, **options)


def _text_options(reader: MappingReader, common: dict[str, Any]) -> dict[str, Any]:
    default, largest = TEXT_LIMITS[common["type"]]
    return {"max_length": reader.integer("max_length", default, 1, largest)}


def _scale_options(reader: MappingReader, common: dict[str, Any]) -> dict[str, Any]:
    low = reader.integer("min", 0, 0, 10)
    high = reader.integer("max", 10, 0, 10)
    if low >= high:
        reader.problem("max", f"must be greater than min ({low})")
    return {
        "min": low,
        "max": high,
        "min_label": reader.text("min_label", max_length=60),
        "max_label": reader.text("max_label", max_length=60),
    }


def _choice_options(reader: MappingReader, common: dict[str, Any]) -> dict[str, Any]:
    choices = read_list(reader, "choices", _read_choice, min_items=2)
    values = [choice.value for choice in choices]
    for index, value in enumerate(values):
        if value in values[:index]:
            reader.problem(f"choices[{index}].value", f"'{value}' is used twice")
    return {"choices": tuple(choices)}


def _read_choice(reader: MappingReader) -> Choice:
    value = reader.text("value", max_length=60)
    if value and not KEY_PATTERN.match(value):
        reader.problem("value", f"'{value}' must start with a-z and use only a-z, 0-9 and '_'")
    return Choice(value=value, label=reader.text("label", max_length=200))


def _group_options(reader: MappingReader, common: dict[str, Any]) -> dict[str, Any]:
    low = reader.integer("min_entries", 1 if common["required"] else 0, 0, MAX_ENTRIES)
    high = reader.integer("max_entries", 10, 1, MAX_ENTRIES)
    if low > high:
        reader.problem("max_entries", f"must be at least min_entries ({low})")
    if common["required"] and low == 0:
        reader.problem("min_entries", "must be at least 1 when the group is required")
    return {
        "min_entries": low,
        "max_entries": high,
        "entry_label": reader.text("entry_label", required=False, max_length=60),
        "fields": _read_fields(reader, "fields", nested=True),
    }


_TYPE_OPTIONS = {
    SHORT_TEXT: _text_options,
    LONG_TEXT: _text_options,
    SCALE: _scale_options,
    SINGLE_CHOICE: _choice_options,
    MULTI_CHOICE: _choice_options,
    REPEATING_GROUP: _group_options,
}
