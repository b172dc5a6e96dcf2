"""How the template builder names its inputs and says a schema problem in plain words.

Question ``i`` is ``f{i}``, part ``k`` of a repeating group ``f{i}s{k}``, choice ``j`` of
either ``{question}c{j}``; the HTML id of an input is ``b-{prefix}-{option}``. A problem
the field schema reports by path (``fields[2].choices[1].value: ...``) is turned into a
sentence a facilitator reads, tied to the input it is about.
"""

from __future__ import annotations

import re
from typing import Any

from groupapp.core.form_problems import Problem


def input_id(prefix: str, name: str) -> str:
    """The HTML id of input ``name`` of the question or choice ``prefix``."""
    return f"b-{prefix}-{name}"


def locate_prefix(prefix: str) -> tuple[int, int | None, int | None] | None:
    """``f2s1c3`` as (question 2, part 1, choice 3); None for anything else."""
    match = re.fullmatch(r"f([0-9]+)(?:s([0-9]+))?(?:c([0-9]+))?", prefix)
    if match is None:
        return None
    top, sub, choice = match.groups()
    return int(top), int(sub) if sub else None, int(choice) if choice else None


# --- problems in plain words -----------------------------------------------------------------

WORDS = {
    "key": "key (advanced)",
    "type": "type",
    "label": "question",
    "help": "help text",
    "required": "required",
    "max_length": "longest answer",
    "min": "lowest number",
    "max": "highest number",
    "min_label": "words for the lowest number",
    "max_label": "words for the highest number",
    "choices": "choices",
    "value": "stored value (advanced)",
    "min_entries": "fewest entries",
    "max_entries": "most entries",
    "entry_label": "name of one entry",
    "fields": "questions in the group",
}
PATH = re.compile(
    r"^fields(?:\[([0-9]+)\](?:\.fields\[([0-9]+)\])?(?:\.choices\[([0-9]+)\])?)?"
    r"(?:\.(\w+))?: (.*)$",
    re.DOTALL,
)


def question_place(prefix: str, item: Any) -> str:
    """How the builder names question ``prefix`` (``f2s1``): "Question 3, part 2 “Name”"."""
    place = locate_prefix(prefix)
    label = item.get("label") if isinstance(item, dict) else getattr(item, "label", "")
    name = f" “{str(label).strip()[:60]}”" if isinstance(label, str) and label.strip() else ""
    if place is None:
        return "The questions"
    if place[1] is None:
        return f"Question {place[0] + 1}{name}"
    return f"Question {place[0] + 1}, part {place[1] + 1}{name}"


def locate_problem(problem: str, raw: Any) -> Problem:
    """A schema problem (``fields[2].choices[1].value: ...``) in plain words, with the id
    of the builder input it is about. ``raw`` is the field list the schema read."""
    match = PATH.match(problem)
    if match is None:
        return Problem("b-add", problem)
    top, sub, choice, name, message = match.groups()
    if top is None:
        return Problem("b-add", f"The questions: {_plain(message)}")
    prefix = f"f{top}" + (f"s{sub}" if sub is not None else "")
    item = _raw_at(raw, int(top), sub)
    where = question_place(prefix, item)
    if choice is not None:
        where += f", choice {int(choice) + 1}"
        target = input_id(f"{prefix}c{choice}", name or "label")
    elif name == "choices":
        target = input_id(prefix, "add_choice")
    elif name is None:
        target = input_id(prefix, "label")
    elif name == "fields":
        target = input_id(prefix, "add")
    else:
        target = input_id(prefix, name)
    subject = f", {WORDS.get(name, name)}" if name else ""
    return Problem(target, f"{where}{subject}: {_plain(message)}")


def _raw_at(raw: Any, top: int, sub: str | None) -> Any:
    try:
        item = raw[top]
        return item["fields"][int(sub)] if sub is not None else item
    except (IndexError, KeyError, TypeError, ValueError):
        return None


KINDS = {
    "list": "a list",
    "dict": "name: value lines",
    "a mapping": "name: value lines",
    "str": "text",
    "int": "a whole number",
    "float": "a decimal number",
    "bool": "true or false",
    "date": "a date",
    "datetime": "a date and time",
    "nothing": "nothing",
}


def _kind_words(match: re.Match[str]) -> str:
    wanted, got = match.group(1), match.group(2)
    return f"should be {KINDS.get(wanted, wanted)}, not {KINDS.get(got, got)}"


def _plain(message: str) -> str:
    """Schema wording a facilitator reads without knowing the file format."""
    message = re.sub(r"expected (a mapping|\w+), got (\w+)", _kind_words, message)
    message = message.replace("must not be empty", "is required")
    message = re.sub(r"needs at least ([0-9]+) item\(s\)", r"needs at least \1", message)
    message = re.sub(r"must be greater than min \(([0-9]+)\)", r"must be more than \1", message)
    message = re.sub(r"must be at least min_entries \(([0-9]+)\)", r"must be at least \1", message)
    return message
