"""Response headers that every page carries.

Scripts and styles come only from this site's own files (no inline code, no ``eval``), the
app cannot be framed, and no page that may show personal data is stored by a browser or a
proxy. HSTS is sent only in production, where the site is served over HTTPS.
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

from groupapp.core.problems import is_api_path, problem

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def is_public_asset(path: str) -> bool:
    """Static files carry nothing personal, so browsers may cache them."""
    return path.startswith("/static/")


NUL_DETAIL = "Text may not contain NUL characters."


def _nul_at(values: object, prefix: str = "") -> str | None:
    """The dotted path (``answers.q3``, ``marks.0.comment``) of the first text holding a NUL
    character in a query, form or JSON value, ``prefix`` itself for a bare string, or None.
    A query or form field is named by its name, whichever of its values holds it."""
    if isinstance(values, str):
        return prefix if "\x00" in values else None
    if hasattr(values, "lists"):  # a query or form: names with one or more values
        for name, texts in values.lists():
            if "\x00" in name or any("\x00" in text for text in texts):
                return name.replace("\x00", "\\u0000")
        return None
    items: list[tuple[str, object]] = []
    if isinstance(values, dict):
        items = [(str(key), value) for key, value in values.items()]
    elif isinstance(values, list):
        items = [(str(index), value) for index, value in enumerate(values)]
    for key, value in items:
        path = f"{prefix}.{key}" if prefix else key
        if "\x00" in key:
            return path.replace("\x00", "\\u0000")
        found = _nul_at(value, path)
        if found is not None:
            return found
    return None


def refuse_nul_characters() -> Response | None:
    """A NUL character in a form, JSON body, query or URL is never meant; PostgreSQL cannot store it
    either, so the request is refused up front (400) instead of failing later (500). The API's
    problem names where it was (``{"location": "json", "field": "topic"}``)."""
    sources: list[tuple[str, object]] = [
        ("query", request.args),
        ("path", request.view_args or {}),
    ]
    if request.method in ("POST", "PUT", "PATCH"):
        sources.append(("form", request.form))
    if request.is_json:
        sources.append(("json", request.get_json(silent=True)))
    for location, values in sources:
        field = _nul_at(values)
        if field is None:
            continue
        if is_api_path(request.path):
            where = {"location": location, "field": field, "detail": NUL_DETAIL}
            return problem(400, NUL_DETAIL, [where])
        abort(400, description=NUL_DETAIL)
    return None


def register_security_headers(app: Flask) -> None:
    app.before_request(refuse_nul_characters)

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        # A view may allow its own page to frame a response (the mail viewer's HTML part).
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        if app.config["ENV_NAME"] == "production":
            response.headers["Strict-Transport-Security"] = HSTS
        # A personal response a view marked "private, no-cache" (the calendar feed, which
        # clients revalidate with its ETag) may be kept by the person's own client only.
        if not is_public_asset(request.path) and not response.cache_control.private:
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
