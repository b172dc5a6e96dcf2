"""RFC 9457 problem details: how the JSON API reports every error.

A problem is ``{"type", "title", "status", "detail", "errors"}`` served as
``application/problem+json``; ``errors`` lists each bad field as ``{"location", "field",
"detail"}`` (location ``json``, ``query``, ``path`` or ``headers``, or ``body`` and
``method`` for the request as a whole; nested fields are dotted, list items numbered:
``answers.q3``, ``marks.0.status``). ``errors`` is never empty: a problem that names no
field of its own names what it is about (:func:`what_it_is_about`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, has_request_context, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, TooManyRequests

from groupapp.core.request_limits import too_large_hint

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"

# The API's own words where a request was refused without a reason of its own (the
# framework's stock sentences speak of browsers, spelling and URLs typed by hand).
PLAIN_DETAILS = {
    400: "The request could not be read.",
    403: "Your account may not do this.",
    404: "Nothing with this id is yours to see (or it does not exist).",
    405: "This path does not take this method; the OpenAPI document lists the ones it does.",
    429: "Too many attempts: wait as many seconds as Retry-After says, then try again.",
}


def is_api_path(path: str) -> bool:
    """True for the JSON API's URLs (they answer with problems, never HTML pages)."""
    return path.startswith(API_PREFIX)


def flatten(messages: Any, location: str, prefix: str = "") -> list[dict[str, str]]:
    """Validation messages (nested dicts and lists, as marshmallow gives them) as a list."""
    if isinstance(messages, Mapping):
        found: list[dict[str, str]] = []
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if name == "_schema":
                name = prefix
            found.extend(flatten(value, location, name))
        return found
    if isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        return [{"location": location, "field": prefix, "detail": m} for m in messages]
    if isinstance(messages, list | tuple):
        return [e for item in messages for e in flatten(item, location, prefix)]
    return [{"location": location, "field": prefix, "detail": str(messages)}]


def errors_from_webargs(messages: Mapping[str, Any]) -> list[dict[str, str]]:
    """webargs' ``{location: {field: [message]}}`` as the problem's ``errors`` list."""
    return [e for location, fields in messages.items() for e in flatten(fields, location)]


def what_it_is_about(status: int, detail: str) -> list[dict[str, Any]]:
    """The ``errors`` entry of a problem raised without one, naming what it concerns.

    The token for 401 and 403 (``Authorization``), the method for 405, the body and its
    limit in bytes (``max_bytes``) for 413, the path's ids (a 404, 409 or 410 is about
    the object they name), else the path itself (``field`` empty).
    """
    if status in (401, 403):
        return [{"location": "headers", "field": "Authorization", "detail": detail}]
    if not has_request_context():
        return [{"location": "path", "field": "", "detail": detail}]
    if status == 405:
        return [{"location": "method", "field": request.method, "detail": detail}]
    if status == 413:
        limit = request.max_content_length
        if limit is not None:
            text = f"The request body may be at most {limit} bytes."
            return [{"location": "body", "field": "", "detail": text, "max_bytes": limit}]
        return [{"location": "body", "field": "", "detail": detail}]
    ids = list(request.view_args or {}) if status in (404, 409, 410) else []
    return [{"location": "path", "field": name, "detail": detail} for name in ids] or [
        {"location": "path", "field": "", "detail": detail}
    ]


def problem(
    status: int,
    detail: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem+json response for ``status`` (the title is the status's standard phrase)."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        "errors": errors or what_it_is_about(status, detail or title),
    }
    response = Response(json.dumps(body), status=status, mimetype=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_http_exception(error: HTTPException) -> Response:
    """The problem for an aborted request: validation messages become ``errors``."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    if "messages" in data:
        errors = errors_from_webargs(data["messages"])
    else:
        errors = list(data.get("errors") or [])
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    detail = data.get("message") or error.description
    if detail == type(error).description or isinstance(error, TooManyRequests):
        # a stock sentence, or the rate limiter's rule ("5 per 15 minute")
        detail = PLAIN_DETAILS.get(status, detail)
    if isinstance(error, RequestEntityTooLarge):
        detail = too_large_hint()  # the limit that applied: the app's, or the endpoint's
    if errors and "messages" in data:
        detail = "Some fields are not right; see errors."
    return problem(status, detail, errors, headers)
