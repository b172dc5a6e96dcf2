"""How large a request body may be: one limit for the app, smaller ones per view.

``MAX_CONTENT_LENGTH`` (bytes, ``config.py``) bounds every request, so an oversized POST is
refused from its ``Content-Length`` (or once the limit is read, for a chunked body) before
any form is parsed. A view that takes less, such as the instrument upload, declares it
with :func:`body_limit`; the limit is applied before CSRF checking reads the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, request
from flask_babel import gettext

F = TypeVar("F", bound=Callable[..., Any])
_ATTRIBUTE = "_body_limit_bytes"


def body_limit(max_bytes: int, hint: str | None = None) -> Callable[[F], F]:
    """Mark a view as accepting request bodies of at most ``max_bytes`` bytes.

    ``hint`` is what the 413 page says instead of the bare limit (e.g. the file limit).
    """

    def mark(view: F) -> F:
        setattr(view, _ATTRIBUTE, (max_bytes, hint))
        return view

    return mark


def describe_limit(max_bytes: int) -> str:
    """A limit in words: ``"256 KB"``, ``"10 MB"``."""
    if max_bytes >= 1024 * 1024:
        return f"{max_bytes / (1024 * 1024):g} MB"
    return f"{max(max_bytes // 1024, 1)} KB"


def _apply_view_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    marked: tuple[int, str | None] | None = getattr(view, _ATTRIBUTE, None)
    if marked is not None:
        request.max_content_length, g.body_limit_hint = marked


def too_large_hint() -> str:
    """What the 413 page tells the person: the limit that applied to this request."""
    hint: str | None = g.get("body_limit_hint")
    if hint:
        return hint
    limit = request.max_content_length
    if limit is None:
        return gettext("Send less at once.")
    return gettext(
        "This page accepts at most %(limit)s. Send a smaller file or less text.",
        limit=describe_limit(limit),
    )


def register_request_limits(app: Flask) -> None:
    """Install the per-view limits; call before extensions that read the form (CSRF)."""
    app.before_request(_apply_view_limit)
