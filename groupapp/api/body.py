"""What a request body to the API must be: JSON, declared as JSON, and readable.

``check_json_body`` runs before every API view (after the token check): a POST, PUT or
PATCH that carries a body must say ``Content-Type: application/json`` (415 otherwise, so a
body is never silently ignored) and must parse (400 naming what is wrong: not UTF-8, not
JSON, nested too deeply). Views that take a file instead (an instrument in YAML) are
marked with :func:`takes_file`. The body is parsed once (``groupapp.core.json_body``); the
arguments parser reads that same value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn, TypeVar

from flask import Request, Response, current_app, request
from marshmallow import Schema, ValidationError
from webargs import core
from webargs.flaskparser import FlaskParser

from groupapp.api.schemas import unavailable_fields
from groupapp.core.json_body import UnreadableData, parse_json_body
from groupapp.core.problems import problem

F = TypeVar("F", bound=Callable[..., Any])
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_TYPE = "application/json"


def takes_file(view: F) -> F:
    """Mark an operation whose body is a file it reads itself (not necessarily JSON)."""
    view._api_takes_file = True  # type: ignore[attr-defined]
    return view


def _has_body() -> bool:
    return (
        bool(request.content_length)
        or "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    )


def check_json_body() -> Response | None:
    """Refuse a body that is not declared as JSON (415) or cannot be read as JSON (400)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method not in BODY_METHODS or getattr(view, "_api_takes_file", False):
        return None
    if not _has_body():
        return None
    if not request.is_json:
        sent = request.mimetype or "none"
        detail = f"Send the body as JSON with Content-Type: {JSON_TYPE} (this one: {sent})."
        where = {"location": "headers", "field": "Content-Type", "detail": detail}
        return problem(415, detail, [where])
    if request.get_json(silent=True) is None:  # unreadable, or the JSON value null
        try:
            parse_json_body(request.get_data(cache=True))
        except UnreadableData as exc:
            verb = "" if str(exc).startswith(("could", "holds")) else "is "
            detail = f"The request body {verb}{exc}."
            return problem(400, detail, [{"location": "json", "field": "", "detail": detail}])
    return None


class ParsedOnceParser(FlaskParser):
    """webargs' Flask parser, taking the JSON body Flask already parsed for this request.

    A body with problems of form is answered with its unknown ids too (one 422 listing
    both: ``groupapp.api.schemas.IdOf``).
    """

    def handle_error(
        self,
        error: ValidationError,
        req: Request,
        schema: Schema,
        *,
        error_status_code: int | None,
        error_headers: Mapping[str, str] | None,
    ) -> NoReturn:
        """Add the body's unknown ids to its other problems, then answer 422."""
        located = error.messages.get("json") if isinstance(error.messages, dict) else None
        if isinstance(located, dict):
            for name, detail in unavailable_fields().items():
                located.setdefault(name, [detail])
        super().handle_error(
            error, req, schema, error_status_code=error_status_code, error_headers=error_headers
        )

    def _raw_load_json(self, req: Request) -> Any:
        if not req.is_json or not req.get_data(cache=True):
            return core.missing
        return req.get_json()
