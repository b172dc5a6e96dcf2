"""Response headers that every page carries.

Scripts and styles come only from this site's own files (no inline code, no ``eval``), the
app cannot be framed, and no page that may show personal data is stored by a browser or a
proxy. HSTS is sent only in production, where the site is served over HTTPS.
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

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


def _has_nul(values: object) -> bool:
    if isinstance(values, str):
        return "\x00" in values
    if hasattr(values, "lists"):
        return any("\x00" in k or any(_has_nul(v) for v in vs) for k, vs in values.lists())
    if isinstance(values, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in values.items())
    if isinstance(values, list):
        return any(_has_nul(v) for v in values)
    return False


def refuse_nul_characters() -> None:
    """A NUL character in a form, JSON body, query or URL is never meant; PostgreSQL cannot store it
    either, so the request is refused up front (400) instead of failing later (500)."""
    if _has_nul(request.args) or _has_nul(request.view_args or {}):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and _has_nul(request.form):
        abort(400)
    if request.is_json and _has_nul(request.get_json(silent=True)):
        abort(400, description="Text may not contain NUL characters.")


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
