"""Schemas every part of the API shares: paging, identifiers, bounded text."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import marshmallow as ma
import sqlalchemy as sa
from flask import request
from flask_login import current_user

from groupapp.core.access import can
from groupapp.core.ids import MAX_ID
from groupapp.core.text import multi_line, single_line
from groupapp.core.timezones import in_range, range_message
from groupapp.db import db

T = TypeVar("T")
# Path segment for a row id (the app's int converter bounds it by MAX_ID, so no database
# is asked about a number it cannot hold).
ID = "int(min=1)"
MAX_PER_PAGE = 100


def Id(**kwargs: Any) -> ma.fields.Integer:
    """An integer id field (1 .. 2^31-1)."""
    return ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_ID), **kwargs)


def unavailable(noun: str) -> str:
    """What a body field naming nothing the caller may use is told, e.g. ``"template"``."""
    return f"No {noun} with this id is available to you."


def unavailable_fields() -> dict[str, str]:
    """This request's body fields that named nothing the caller may use: name -> problem.

    Kept per request (in its WSGI environ), so nothing carries over to the next one.
    """
    found: dict[str, str] = request.environ.setdefault(_UNAVAILABLE, {})
    return found


_UNAVAILABLE = "groupapp.api.unavailable_fields"


class _Finds:
    """A body field naming another object: it loads as that object.

    ``find(value)`` returns the object, or None when there is none or the caller may not
    use it; both get the same message (``unavailable``), so a body never tells whether
    someone else's object exists. The look-up runs while the body is read: when the body
    has problems of form too, they are reported together in one 422 (the parser adds
    these). Otherwise the field loads as None and the view, once the objects in its path
    have passed their access checks (so those keep their 404 and 403), calls
    ``groupapp.api.changes.refuse_unavailable``.
    """

    def __init__(self, find: Callable[[Any], Any], noun: str, **kwargs: Any) -> None:
        metadata = dict(kwargs.pop("metadata", {}))
        refused = f"a 422 names this field when it names no {noun} available to you"
        said = metadata.get("description")
        metadata["description"] = f"{said}; {refused}" if said else refused
        super().__init__(metadata=metadata, **kwargs)  # type: ignore[call-arg]  # the field class after it in the MRO
        self.find = find
        self.noun = noun

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        typed = super().deserialize(value, attr, data, **kwargs)  # type: ignore[misc]
        if typed is None or typed is ma.missing:
            return typed
        found = self.find(typed)
        if found is None:
            name = self.data_key or self.name  # type: ignore[attr-defined]
            unavailable_fields()[name or ""] = unavailable(self.noun)
        return found


class IdOf(_Finds, ma.fields.Integer):
    """An id (1 .. 2^31-1) of an object the caller may use; loads as the object."""

    def __init__(self, find: Callable[[int], Any], noun: str, **kwargs: Any) -> None:
        super().__init__(find, noun, validate=ma.validate.Range(min=1, max=MAX_ID), **kwargs)


class KeyOf(_Finds, ma.fields.String):
    """A text key of an object the caller may use; loads as the object."""


def usable(
    model: type[Any], action: str = "view", load: Callable[[int], Any] | None = None
) -> Callable[[int], Any]:
    """A finder for ``IdOf``: the ``model`` row with the id when the caller may ``action``
    it (the same rule the pages ask), else None. ``load`` replaces ``session.get``."""

    def find(object_id: int) -> Any:
        row = load(object_id) if load else db.session.get(model, object_id)
        return row if row is not None and can(current_user, action, row) else None

    return find


class CleanText(ma.fields.String):
    """Text cleaned as the forms clean it (``groupapp.core.text``) before validation."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.clean = multi_line if multiline else single_line

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return self.clean(super()._deserialize(value, attr, data, **kwargs))


def Text(
    max_length: int, min_length: int = 0, *, multiline: bool = False, **kwargs: Any
) -> CleanText:
    """One line (or, with ``multiline``, several) of ``min_length`` to ``max_length``
    characters; control characters go, as in the forms."""
    length = ma.validate.Length(min=min_length or None, max=max_length)
    return CleanText(multiline=multiline, validate=length, **kwargs)


def _check_range(field: ma.fields.Field, day: date) -> None:
    """Refuse a date outside the range every typed date keeps to (``core.timezones``)."""
    if not in_range(day):
        raise ma.ValidationError(range_message(field.data_key or field.name or "The date"))


class Instant(ma.fields.AwareDateTime):
    """An instant with its UTC offset ("2026-03-10T18:00:00+01:00").

    Its own wall clock must fall within 1900-01-01 .. 2199-12-31 (checked before any
    conversion, so no offset can carry it past what a ``datetime`` holds).
    """

    default_error_messages = {
        "invalid": "Not a date and time with a UTC offset, e.g. 2026-03-10T18:00:00+01:00 "
        "(in a URL, write the + as %2B).",
        "invalid_awareness": "Give the UTC offset too, e.g. 2026-03-10T18:00:00+01:00 or Z.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        instant = super()._deserialize(value, attr, data, **kwargs)
        _check_range(self, instant.date())
        return instant


class Day(ma.fields.Date):
    """A calendar date ("2026-03-10") within 1900-01-01 .. 2199-12-31."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        day = super()._deserialize(value, attr, data, **kwargs)
        _check_range(self, day)
        return day


class WallClock(ma.fields.String):
    """A local date-time or time written in one ``strftime`` format ("2026-03-10T18:00").

    Documented as a string with a pattern (marshmallow's own date fields with a custom
    format would be documented without one).
    """

    def __init__(self, fmt: str, pattern: str, kind: str, **kwargs: Any) -> None:
        metadata = {"pattern": pattern, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)
        self.fmt = fmt
        self.kind = kind  # "datetime" or "time"

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else value.strftime(self.fmt)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            if not re.fullmatch(self.metadata["pattern"], text):
                raise ValueError(text)
            parsed = datetime.strptime(text, self.fmt)  # noqa: DTZ007 - a wall clock
        except ValueError as exc:
            raise ma.ValidationError(f"Not a valid {self.kind} ({self.fmt}).") from exc
        if self.kind == "time":
            return parsed.time()
        _check_range(self, parsed.date())
        return parsed


def LocalDateTime(**kwargs: Any) -> WallClock:
    """A wall-clock date and time, "YYYY-MM-DDTHH:MM"."""
    # [0-9], not \d: only ASCII digits are numbers in typed input.
    pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"
    return WallClock("%Y-%m-%dT%H:%M", pattern, "datetime", **kwargs)


def LocalTime(**kwargs: Any) -> WallClock:
    """A wall-clock time, "HH:MM"."""
    return WallClock("%H:%M", r"^[0-9]{2}:[0-9]{2}$", "time", **kwargs)


class PageArgs(ma.Schema):
    """``page`` (from 1) and ``per_page`` (1 to 100) of a list."""

    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=MAX_ID))
    per_page = ma.fields.Integer(
        load_default=20, validate=ma.validate.Range(min=1, max=MAX_PER_PAGE)
    )


def page_schema(item: type[ma.Schema]) -> type[ma.Schema]:
    """``{"items": [item], "page", "per_page", "total"}`` for a list endpoint."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item), required=True),
            "page": ma.fields.Integer(required=True),
            "per_page": ma.fields.Integer(required=True),
            "total": ma.fields.Integer(required=True),
        },
        name=f"{item.__name__.removesuffix('Schema')}PageSchema",
    )


def page_of(items: Sequence[T], args: dict[str, int]) -> dict[str, Any]:
    """One page of an already loaded list (lists that are small by nature)."""
    start = (args["page"] - 1) * args["per_page"]
    return {
        "items": list(items[start : start + args["per_page"]]),
        "page": args["page"],
        "per_page": args["per_page"],
        "total": len(items),
    }


def page_query(query: sa.Select[Any], args: dict[str, int]) -> dict[str, Any]:
    """One page of ``query`` (two statements: the count and the page)."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"])
    )
    return {
        "items": list(rows),
        "page": args["page"],
        "per_page": args["per_page"],
        "total": total,
    }
