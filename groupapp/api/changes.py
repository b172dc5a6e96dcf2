"""Running one change for an API call: commit, or roll back and answer with the reason."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn, TypeVar

from werkzeug.exceptions import default_exceptions

from groupapp.api.schemas import unavailable, unavailable_fields
from groupapp.core.actions import Refusal
from groupapp.db import db
from groupapp.homework.answers import answer_path

T = TypeVar("T")


def commit_or_refuse(change: Callable[[], T], status: int = 422) -> T:
    """Run a service call and commit; a ``Refusal`` becomes a problem with its message.

    The API's counterpart of ``groupapp.core.actions.carry_out``: the same services
    decline the same changes, and the client reads the same sentence a person would, also
    as the one entry of ``errors`` (naming the field when the refusal names one).
    """
    try:
        result = change()
    except Refusal as exc:
        db.session.rollback()
        refused(exc, status)
    db.session.commit()
    return result


def refused(exc: Refusal, status: int = 422) -> NoReturn:
    """Answer with a service's refusal: its sentence, naming the field when it names one."""
    refuse(str(exc), [{"location": "json", "field": exc.field or "", "detail": str(exc)}], status)


def field_error(field: str, detail: str, status: int = 422) -> NoReturn:
    """Answer with a problem naming one bad field of the JSON body."""
    error = default_exceptions[status]()
    error.data = {"messages": {"json": {field: [detail]}}}  # type: ignore[attr-defined]
    raise error


def unknown_reference(field: str, noun: str, hint: str = "") -> NoReturn:
    """A 422 naming a body field whose id names no ``noun`` the caller may use here.

    For ids checked against the object in the path (a meeting *of this cohort*), after
    that object's own access check; the same answer for an id that does not exist and one
    the caller may not see. Ids checked on the caller alone are schema fields (``IdOf``).
    """
    field_error(field, f"{unavailable(noun)} {hint}".strip())


def refuse_unavailable() -> None:
    """A 422 naming each body id that named nothing the caller may use (``IdOf`` and
    ``KeyOf`` fields), if any did. Views call it after checking the objects in their path."""
    field_errors(unavailable_fields())


def refuse(detail: str, errors: list[dict[str, str]], status: int = 422) -> NoReturn:
    """Answer with a problem listing several problems (each ``{location, field, detail}``)."""
    error = default_exceptions[status]()
    error.data = {"message": detail, "errors": errors}  # type: ignore[attr-defined]
    raise error


def refuse_answers(detail: str, messages: Mapping[str, str]) -> NoReturn:
    """A 422 naming each bad answer (``answers.times.2.when`` for an entry's sub-field).

    ``messages`` maps a form input name to its problem, as ``validate_answers`` gives them.
    """
    errors = [
        {"location": "json", "field": ".".join(("answers", *answer_path(name))), "detail": text}
        for name, text in messages.items()
    ]
    refuse(detail, errors)


def field_errors(problems: dict[str, str], status: int = 422) -> None:
    """Answer with a problem naming every bad field of the JSON body, if there is one."""
    if problems:
        error = default_exceptions[status]()
        error.data = {  # type: ignore[attr-defined]
            "messages": {"json": {field: [detail] for field, detail in problems.items()}}
        }
        raise error


def repeated_entries(
    entries: list[dict[str, Any]], key: str, prefix: str = ""
) -> list[dict[str, str]]:
    """Problems naming each entry of a list whose ``key`` an earlier entry gave already
    (field ``{prefix}{index}.{key}``, e.g. ``members.2.user_id``); empty when none repeat.

    A list of one entry per person would otherwise keep only the last of two without a word.
    """
    first: dict[Any, int] = {}
    errors: list[dict[str, str]] = []
    for index, entry in enumerate(entries):
        value = entry[key]
        if value in first:
            detail = f"Given already at {prefix}{first[value]}; give each once."
            errors.append({"location": "json", "field": f"{prefix}{index}.{key}", "detail": detail})
        else:
            first[value] = index
    return errors
