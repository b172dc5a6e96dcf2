"""Integers that come from a URL: path ids and query parameters a database column can hold.

PostgreSQL's ``integer`` holds at most 2**31 - 1, so a larger id in a query would make the
database raise instead of finding nothing. Every ``<int:...>`` route uses
:class:`BoundedIntConverter` (installed app-wide as the ``int`` converter), which answers
404 for any number a column cannot hold; query parameters go through :func:`query_int`,
which answers 400.

Werkzeug checks a rule's method before its converters, so ``PATCH /meetings/0`` would find
the GET rule of that address first and answer 405 although no meeting 0 can exist.
:class:`IdMap` (the app's URL map) answers 404 instead, for every route and method: a
405 only stands when the address exists for one of the methods it names.
"""

from __future__ import annotations

from typing import Any, overload

from flask import abort, request
from werkzeug.datastructures import ImmutableDict
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import IntegerConverter, Map, MapAdapter, ValidationError

#: The largest value of a PostgreSQL ``integer`` column (every id column in the schema).
MAX_ID = 2**31 - 1
_MAX_DIGITS = len(str(MAX_ID))


class BoundedIntConverter(IntegerConverter):
    """The ``int`` path converter, limited to 0..MAX_ID unless a route gives ``max=``.

    Longer digit strings are refused before conversion, so a path of thousands of digits
    costs nothing (and never meets Python's limit on converting long digit strings).
    """

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> Any:
        """The id as an int; ValidationError (so: no route, 404) when out of range."""
        if len(value.lstrip("-0")) > _MAX_DIGITS:
            raise ValidationError()
        return super().to_python(value)


class IdMapAdapter(MapAdapter):
    """A URL adapter whose 405 means "this address exists, with another method"."""

    def match(self, *args: Any, **kwargs: Any) -> Any:
        """Werkzeug's match; a 405 for an address no method reaches becomes a 404."""
        try:
            return super().match(*args, **kwargs)
        except MethodNotAllowed as refused:
            path = args[0] if args else kwargs.get("path_info")
            for method in refused.valid_methods or ():
                try:
                    super().match(path, method)
                except (NotFound, MethodNotAllowed):  # not this method's address either
                    continue
                except Exception:  # a redirect, or a match: the address exists
                    raise refused from None
                raise refused from None
            raise NotFound() from None


class IdMap(Map):
    """The app's URL map: ``int`` is :class:`BoundedIntConverter`, matching by
    :class:`IdMapAdapter`."""

    default_converters = ImmutableDict({**Map.default_converters, "int": BoundedIntConverter})

    def bind(self, *args: Any, **kwargs: Any) -> MapAdapter:
        """Werkzeug's adapter, answering as :class:`IdMapAdapter`."""
        return _answering_404(super().bind(*args, **kwargs))

    def bind_to_environ(self, *args: Any, **kwargs: Any) -> MapAdapter:
        """Werkzeug's adapter for a request (what Flask uses), as :class:`IdMapAdapter`."""
        return _answering_404(super().bind_to_environ(*args, **kwargs))


def _answering_404(adapter: MapAdapter) -> MapAdapter:
    adapter.__class__ = IdMapAdapter  # the same state; only ``match`` differs
    return adapter


def parse_int(text: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """``text`` as an int within ``low..high``, or None for anything else.

    Accepts optional surrounding spaces and a sign; refuses long digit strings unread.
    """
    if text is None:
        return None
    stripped = text.strip()
    digits = stripped.removeprefix("-").removeprefix("+")
    if not digits.isascii() or not digits.isdigit() or len(digits.lstrip("0")) > _MAX_DIGITS:
        return None
    number = int(stripped)
    return number if low <= number <= high else None


@overload
def query_int(name: str, default: int, *, low: int = 0, high: int = MAX_ID) -> int: ...
@overload
def query_int(
    name: str, default: None = None, *, low: int = 0, high: int = MAX_ID
) -> int | None: ...
def query_int(
    name: str, default: int | None = None, *, low: int = 0, high: int = MAX_ID
) -> int | None:
    """The query parameter ``name`` as an int in ``low..high``; ``default`` when absent.

    Aborts with 400 when the parameter is present but not such a number (an empty value
    counts as absent).
    """
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return default
    number = parse_int(raw, low=low, high=high)
    if number is None:
        abort(400, description=f"The {name} in the address must be a whole number.")
    return number
