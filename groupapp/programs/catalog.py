"""Built-in program templates: YAML files in ``builtin/`` loaded into dataclasses.

The files are content written for this project. Loading is strict: an unknown key, a
wrong type or a missing value is reported with its path (``codependency.yaml:
topics[3].agenda[0]``) so a typo in a template fails loudly in tests, never silently in
front of a group. ``MappingReader`` and ``SchemaError`` are shared with the homework
template schema, which validates facilitator-edited definitions the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from groupapp.core.safe_data import cap_problems, load_yaml

BUILTIN_DIR = Path(__file__).parent / "builtin"

MODALITIES: dict[str, str] = {
    "coda_peer_support": "CoDA-style peer support",
    "dbt_skills": "DBT skills group",
    "cbt_group": "CBT group",
    "custom": "Custom program",
}

SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


class SchemaError(ValueError):
    """A definition broke the schema; ``problems`` lists every finding with its path."""

    def __init__(self, problems: list[str]) -> None:
        problems = cap_problems(problems)
        self.problems = problems
        super().__init__("; ".join(problems))


class MappingReader:
    """Reads one YAML/JSON mapping field by field, collecting problems with paths.

    Each accessor returns a usable default when the value is wrong, so one pass finds
    every problem instead of stopping at the first. ``finish()`` reports unknown keys.
    """

    def __init__(self, raw: Any, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        self.seen: set[str] = set()
        if not isinstance(raw, dict):
            self.problem("", f"expected a mapping, got {_kind(raw)}")
            raw = {}
        self.raw: dict[Any, Any] = raw

    def problem(self, name: str, message: str) -> None:
        """Record one finding at ``path.name``."""
        where = f"{self.path}.{name}" if name and self.path else (name or self.path)
        self.problems.append(f"{where}: {message}")

    def has(self, name: str) -> bool:
        """Whether the key is present with a non-null value."""
        return self.raw.get(name) is not None

    def _value(self, name: str, kinds: tuple[type, ...], required: bool) -> Any:
        self.seen.add(name)
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, "is required")
            return None
        # bool is an int subclass in Python, but `true` is never a valid number here
        wrong_bool = isinstance(value, bool) and bool not in kinds
        if wrong_bool or not isinstance(value, kinds):
            self.problem(name, f"expected {kinds[0].__name__}, got {_kind(value)}")
            return None
        return value

    def text(self, name: str, *, required: bool = True, max_length: int = 2000) -> str:
        """A non-empty string (stripped) of at most ``max_length`` characters."""
        value = self._value(name, (str,), required)
        if value is None:
            return ""
        value = value.strip()
        if required and not value:
            self.problem(name, "must not be empty")
        elif len(value) > max_length:
            self.problem(name, f"is longer than {max_length} characters")
        return value

    def slug(self, name: str) -> str:
        """A lowercase slug made of letters, digits and hyphens."""
        value = self.text(name, max_length=80)
        if value and (not set(value) <= SLUG_CHARS or value[0] == "-"):
            self.problem(name, f"'{value}' must use only a-z, 0-9 and '-'")
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        """An integer between ``low`` and ``high`` inclusive; optional."""
        value = self._value(name, (int,), required=False)
        if value is None:
            return default
        if not low <= value <= high:
            self.problem(name, f"must be between {low} and {high}, got {value}")
            return default
        return int(value)

    def boolean(self, name: str, default: bool = False) -> bool:
        """A true/false flag; optional."""
        value = self._value(name, (bool,), required=False)
        return default if value is None else bool(value)

    def text_list(self, name: str, *, min_items: int = 1, max_length: int = 400) -> tuple[str, ...]:
        """A list of non-empty strings."""
        items = self.items(name, min_items=min_items)
        result = []
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{name}[{index}]", "expected non-empty text")
            elif len(item) > max_length:
                self.problem(f"{name}[{index}]", f"is longer than {max_length} characters")
            else:
                result.append(item.strip())
        return tuple(result)

    def items(self, name: str, *, min_items: int = 1) -> list[Any]:
        """The raw items of a list, checked for presence and length."""
        value = self._value(name, (list,), required=min_items > 0)
        if value is None:
            return []
        if len(value) < min_items:
            self.problem(name, f"needs at least {min_items} item(s)")
        return list(value)

    def child_path(self, name: str, index: int) -> str:
        """The path of the ``index``-th item of list ``name``, for nested readers."""
        return f"{self.path}.{name}[{index}]" if self.path else f"{name}[{index}]"

    def finish(self) -> None:
        """Report keys that no accessor asked for."""
        for key in self.raw:
            if key not in self.seen:
                allowed = ", ".join(sorted(self.seen))
                self.problem(str(key), f"unknown key (allowed: {allowed})")


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def read_list(
    reader: MappingReader,
    name: str,
    parse: Callable[[MappingReader], Any],
    *,
    min_items: int = 1,
) -> list[Any]:
    """Parse each mapping of list ``name`` with ``parse`` (a reader per item)."""
    parsed = []
    for index, raw in enumerate(reader.items(name, min_items=min_items)):
        child = MappingReader(raw, reader.child_path(name, index), reader.problems)
        parsed.append(parse(child))
        child.finish()
    return parsed


@dataclass(frozen=True)
class Topic:
    """One week of a program: what the group works on and what it practises after."""

    week: int
    title: str
    goals: tuple[str, ...]
    agenda: tuple[str, ...]
    suggested_homework: str | None
    assessment_due: bool


@dataclass(frozen=True)
class ProgramTemplate:
    """A built-in program: ordered weekly topics with homework and assessment points."""

    slug: str
    name: str
    modality: str
    description: str
    weeks: int
    meeting_minutes: int
    topics: tuple[Topic, ...]

    @property
    def assessment_weeks(self) -> list[int]:
        """The week numbers at which a reassessment is due."""
        return [topic.week for topic in self.topics if topic.assessment_due]


def parse_program(raw: Any, path: str = "") -> ProgramTemplate:
    """Validate one program mapping; raise ``SchemaError`` listing every problem."""
    problems: list[str] = []
    reader = MappingReader(raw, path, problems)
    slug = reader.slug("slug")
    name = reader.text("name", max_length=120)
    modality = reader.text("modality", max_length=40)
    if modality and modality not in MODALITIES:
        reader.problem("modality", f"'{modality}' is not one of {', '.join(MODALITIES)}")
    description = reader.text("description")
    weeks = reader.integer("weeks", 0, 1, 52)
    if not reader.has("weeks"):
        reader.problem("weeks", "is required")
    minutes = reader.integer("meeting_minutes", 90, 15, 240)
    topics = read_list(reader, "topics", _parse_topic)
    reader.finish()
    topics = [Topic(week=index, **fields) for index, fields in enumerate(topics, start=1)]
    _check_schedule(reader, weeks, topics)
    if problems:
        raise SchemaError(problems)
    return ProgramTemplate(slug, name, modality, description, weeks, minutes, tuple(topics))


def _parse_topic(reader: MappingReader) -> dict[str, Any]:
    homework = reader.slug("suggested_homework") if reader.has("suggested_homework") else None
    reader.seen.add("suggested_homework")
    return {
        "title": reader.text("title", max_length=120),
        "goals": reader.text_list("goals"),
        "agenda": reader.text_list("agenda"),
        "suggested_homework": homework,
        "assessment_due": reader.boolean("assessment_due"),
    }


def _check_schedule(reader: MappingReader, weeks: int, topics: list[Topic]) -> None:
    """One topic per week; a baseline in week 1 and a reassessment in the last week."""
    if weeks and len(topics) != weeks:
        reader.problem("topics", f"has {len(topics)} topics for {weeks} weeks")
    if topics and not topics[0].assessment_due:
        reader.problem("topics[0].assessment_due", "week 1 must hold the baseline")
    if len(topics) > 1 and not topics[-1].assessment_due:
        reader.problem(f"topics[{len(topics) - 1}].assessment_due", "the last week must reassess")


def load_yaml_file(path: Path, parse: Callable[[Any, str], Any]) -> Any:
    """Load one YAML file and validate it with ``parse``; problems carry the file name."""
    return parse(load_yaml(path.read_text(encoding="utf-8")), path.name)


def load_all(directory: Path, parse: Callable[[Any, str], Any]) -> dict[str, Any]:
    """Load every ``*.yaml`` in ``directory`` keyed by slug; duplicate slugs are errors."""
    result: dict[str, Any] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            item = load_yaml_file(path, parse)
        except ValueError as exc:  # SchemaError and UnreadableData are ValueErrors
            problems.extend(getattr(exc, "problems", [f"{path.name}: {exc}"]))
            continue
        if item.slug in result:
            problems.append(f"{path.name}: slug '{item.slug}' is used twice")
        result[item.slug] = item
    if problems:
        raise SchemaError(problems)
    return result


@cache
def load_builtin_programs() -> dict[str, ProgramTemplate]:
    """All built-in program templates by slug, validated (cached: files never change)."""
    return load_all(BUILTIN_DIR, parse_program)


def suggested_homework_slugs(programs: Iterable[ProgramTemplate]) -> set[str]:
    """Every homework template slug the given programs suggest."""
    return {
        topic.suggested_homework
        for program in programs
        for topic in program.topics
        if topic.suggested_homework
    }
