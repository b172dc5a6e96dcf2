"""What kind of answer a client asked for: a page or JSON.

Browsers, curl and many proxies send ``Accept: */*`` or a list ending in ``*/*``; they
get pages (and redirects). Only a client that names ``application/json`` explicitly, at
least as strongly as any explicitly named ``text/html``, gets JSON.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import MIMEAccept

JSON = "application/json"
HTML = "text/html"


def _explicit_quality(accept: MIMEAccept, mimetype: str) -> float:
    """The quality the header gives ``mimetype`` by name (wildcards do not count)."""
    return max((quality for value, quality in accept if value.lower() == mimetype), default=0)


def prefers_json(accept: MIMEAccept) -> bool:
    """True when the Accept header names JSON and prefers it to (or ties with) HTML."""
    json_quality = _explicit_quality(accept, JSON)
    return json_quality > 0 and json_quality >= _explicit_quality(accept, HTML)


def request_prefers_json() -> bool:
    """``prefers_json`` for the current request, or any path under ``/api/``."""
    return request.path.startswith("/api/") or prefers_json(request.accept_mimetypes)
