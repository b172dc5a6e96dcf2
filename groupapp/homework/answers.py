"""Homework answers: reading a submitted form, and validating answers for submission.

Two rules keep a participant's words safe. ``parse_form`` never rejects anything: it
turns whatever was typed into a nested answers dict a draft can store as-is (text stays
text, an unparsable number stays the string typed). ``validate_answers`` is applied only
on submit: it enforces required fields and limits and returns clean, typed answers plus
one clear message per problem, keyed by the form name of the input it belongs to
(``situation``, ``times-2-when``) so the page can show each next to its field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from groupapp.core.i18n import current_locale
from groupapp.homework.fields import (
    DATE,
    MAX_ENTRIES,
    MULTI_CHOICE,
    REPEATING_GROUP,
    SCALE,
    SINGLE_CHOICE,
    Field,
)

Answers = dict[str, Any]
Errors = dict[str, str]

#: A draft keeps at most this many characters per text input: far beyond any real
#: answer, yet a bound on what one request can make us store.
DRAFT_TEXT_CAP = 50_000

ENTRY_NAME = re.compile(r"^([a-z][a-z0-9_]*)-(\d{1,4})-([a-z][a-z0-9_]*)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FormData(Protocol):
    """The part of werkzeug's ``MultiDict`` that form parsing needs."""

    def getlist(self, key: str) -> list[Any]: ...

    def __iter__(self) -> Iterator[str]: ...


def entry_name(group: Field, index: int, sub: Field) -> str:
    """The form input name of a sub-field in entry ``index`` of a repeating group."""
    return f"{group.key}-{index}-{sub.key}"


def answer_path(name: str) -> tuple[str, ...]:
    """The parts of a form input name: ``("times", "2", "when")`` for ``times-2-when``."""
    match = ENTRY_NAME.match(name)
    return match.groups() if match else (name,)


def form_from_json(fields: Sequence[Field], answers: Mapping[str, Any]) -> MultiDict[str, str]:
    """JSON answers as the inputs the fill form would send, so one parser reads both.

    ``answers`` maps a field key to its value: text, a number, a list of chosen options,
    or (for a repeating group) a list of ``{sub-field key: value}`` entries. Numbers
    become the digits typed; anything else that is not text is left out, as a browser
    would never send it.
    """
    form: MultiDict[str, str] = MultiDict()
    for item in fields:
        value = answers.get(item.key)
        if item.type != REPEATING_GROUP:
            _put(form, item.key, value)
            continue
        entries = value if isinstance(value, list) else []
        for index, entry in enumerate(entries[:MAX_ENTRIES]):
            if isinstance(entry, Mapping):
                for sub in item.fields:
                    _put(form, entry_name(item, index, sub), entry.get(sub.key))
    return form


def _put(form: MultiDict[str, str], name: str, value: Any) -> None:
    for one in value if isinstance(value, list) else [value]:
        if isinstance(one, str):
            form.add(name, one)
        elif isinstance(one, int | float) and not isinstance(one, bool):
            form.add(name, str(one))


# --- reading a form ---------------------------------------------------------------


def parse_form(fields: Sequence[Field], form: FormData) -> Answers:
    """Turn a submitted form into nested answers, keeping everything typed.

    Repeating-group inputs are named ``<group>-<index>-<field>``; entries are renumbered
    in index order and entries left wholly empty are dropped.
    """
    answers: Answers = {}
    for item in fields:
        if item.type == REPEATING_GROUP:
            answers[item.key] = _parse_entries(item, form)
        else:
            answers[item.key] = _read_input(item, form, item.key)
    return answers


def _read_input(item: Field, form: FormData, name: str) -> Any:
    if item.type == MULTI_CHOICE:
        return [str(v) for v in form.getlist(name) if isinstance(v, str)][: len(item.choices)]
    values = form.getlist(name)
    value = values[0] if values else ""
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n")[:DRAFT_TEXT_CAP]


def _parse_entries(group: Field, form: FormData) -> list[Answers]:
    indexes = sorted(
        {
            int(match.group(2))
            for name in form
            if (match := ENTRY_NAME.match(name)) and match.group(1) == group.key
        }
    )
    entries = []
    for index in indexes[:MAX_ENTRIES]:
        entry = {
            sub.key: _read_input(sub, form, entry_name(group, index, sub)) for sub in group.fields
        }
        if not _is_blank(entry):
            entries.append(entry)
    return entries


def _is_blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping):
        return all(_is_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_blank(v) for v in value)
    return value is None


def is_blank(answers: Mapping[str, Any]) -> bool:
    """Whether nothing at all has been typed or chosen yet."""
    return _is_blank(dict(answers))


# --- validating for submission ------------------------------------------------------


def validate_answers(
    fields: Sequence[Field], raw: Mapping[str, Any] | Any
) -> tuple[Answers, Errors]:
    """Check answers for submission: ``(clean_answers, errors)``.

    ``clean_answers`` has a typed value for every field (text stripped, scales as int,
    dates as ISO strings, groups as lists of entries); ``errors`` maps a form input name
    to a message that names the field and says what to do.
    """
    source = raw if isinstance(raw, Mapping) else {}
    clean: Answers = {}
    errors: Errors = {}
    for item in fields:
        if item.type == REPEATING_GROUP:
            clean[item.key] = _check_group(item, source.get(item.key), errors)
        else:
            value, message = _check_value(item, source.get(item.key))
            clean[item.key] = value
            if message:
                errors[item.key] = f"{item.label}: {message}"
    return clean, errors


def _check_value(item: Field, value: Any) -> tuple[Any, str | None]:
    checker = _CHECKERS.get(item.type, _check_text)
    return checker(item, value)


def _check_text(item: Field, value: Any) -> tuple[str, str | None]:
    text = value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""
    if not text:
        return "", gettext("please fill this in") if item.required else None
    limit = item.max_length or DRAFT_TEXT_CAP
    if len(text) > limit:
        return text, gettext(
            "keep this to %(limit)s characters (it has %(count)s now)", limit=limit, count=len(text)
        )
    return text, None


def _check_scale(item: Field, value: Any) -> tuple[Any, str | None]:
    message = gettext("choose a number from %(low)s to %(high)s", low=item.min, high=item.max)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, message if item.required else None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not item.min <= number <= item.max:
        return value, message
    return number, None


def _check_single(item: Field, value: Any) -> tuple[Any, str | None]:
    if value is None or value == "":
        return None, gettext("choose one option") if item.required else None
    if value not in {choice.value for choice in item.choices}:
        return value, gettext("choose one of the listed options")
    return value, None


def _check_multi(item: Field, value: Any) -> tuple[Any, str | None]:
    chosen = (
        value if isinstance(value, list) else ([value] if isinstance(value, str) and value else [])
    )
    if not chosen:
        return [], gettext("choose at least one option") if item.required else None
    allowed = [choice.value for choice in item.choices]
    if any(option not in allowed for option in chosen):
        return chosen, gettext("choose only from the listed options")
    return [option for option in allowed if option in chosen], None


def _check_date(item: Field, value: Any) -> tuple[Any, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, gettext("enter a date") if item.required else None
    text = value.strip() if isinstance(value, str) else ""
    try:
        if not ISO_DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text).isoformat(), None
    except ValueError:
        return value, gettext("enter a real date as YYYY-MM-DD, for example 2026-03-14")


def _check_group(group: Field, value: Any, errors: Errors) -> list[Answers]:
    entries = [e for e in value if isinstance(e, Mapping)] if isinstance(value, list) else []
    entries = [entry for entry in entries if not _is_blank(dict(entry))]
    noun = (group.entry_label or gettext("entry")).lower()
    if len(entries) < group.min_entries:
        plural = noun if group.min_entries == 1 else _plural(noun)
        errors[group.key] = gettext(
            "%(label)s: add at least %(count)s %(entries)s",
            label=group.label,
            count=group.min_entries,
            entries=plural,
        )
    elif len(entries) > group.max_entries:
        errors[group.key] = gettext(
            "%(label)s: keep it to %(count)s %(entries)s",
            label=group.label,
            count=group.max_entries,
            entries=_plural(noun),
        )
    clean = []
    for index, entry in enumerate(entries):
        row: Answers = {}
        for sub in group.fields:
            row[sub.key], message = _check_value(sub, entry.get(sub.key))
            if message:
                where = f"{group.label}, {noun} {index + 1}, {sub.label}"
                errors[entry_name(group, index, sub)] = f"{where}: {message}"
        clean.append(row)
    return clean


def _plural(noun: str) -> str:
    # The entry's own name ("situation", "situación") in the plural of the page's language.
    if current_locale() == "es":
        return noun + "s" if noun[-1:] in "aeiouáéó" else noun + "es"
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


_CHECKERS: dict[str, Callable[[Field, Any], tuple[Any, str | None]]] = {
    SCALE: _check_scale,
    SINGLE_CHOICE: _check_single,
    MULTI_CHOICE: _check_multi,
    DATE: _check_date,
}
