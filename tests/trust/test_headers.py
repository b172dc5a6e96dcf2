"""Security headers on every GET route, and templates that keep the strict CSP possible."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from groupapp import create_app
from tests.conftest import IsolatedClient, csrf_token
from tests.trust.matrix import OK, sign_in
from tests.trust.tables import endpoint_methods, load_tables
from tests.trust.world import ACTORS, build_world

TABLE, _ = load_tables()
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _directives(csp: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in csp.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def assert_strict_headers(response, personal: bool = True) -> None:  # type: ignore[no-untyped-def]
    headers = response.headers
    csp = _directives(headers["Content-Security-Policy"])
    script = csp.get("script-src", csp.get("default-src"))
    assert script is not None
    assert "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script
    assert "*" not in script
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("no-referrer", "same-origin", "strict-origin")
    assert headers["X-Frame-Options"] == "DENY"
    if personal:
        cache = headers["Cache-Control"]
        # Either never stored, or kept only by the person's own client and revalidated
        # with a validator every time (the calendar feed).
        revalidated = "private" in cache and "no-cache" in cache and "ETag" in headers
        assert "no-store" in cache or revalidated


def _get_endpoints() -> list[str]:
    return sorted(e for e, case in TABLE.items() if case.get is not None)


@pytest.mark.parametrize("endpoint", _get_endpoints())
def test_every_get_route_sends_the_security_headers(app, factories, endpoint):
    from flask import url_for

    if endpoint not in endpoint_methods(app):
        pytest.skip("not a route in this build")
    app.test_client_class = IsolatedClient
    case = TABLE[endpoint]
    world = build_world(factories)
    values = case.values(world) if case.values else {}
    # As someone allowed in (the page then shows what it really shows), and as a stranger.
    allowed = [a for a in ACTORS if a != "anonymous" and case.expected("GET", a) == OK]
    for actor in [*allowed[:1], "anonymous"]:
        client = app.test_client()
        if actor != "anonymous":
            sign_in(client, world.users[actor])
        with app.test_request_context():
            url = url_for(endpoint, **values)
        assert_strict_headers(client.get(url))


def test_static_files_carry_the_headers_but_may_be_cached(client):
    response = client.get("/static/css/app.css")
    response.close()
    assert response.status_code == 200
    assert_strict_headers(response, personal=False)
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_error_pages_carry_the_headers(client):
    assert_strict_headers(client.get("/no-such-page"))


def test_hsts_only_in_production(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["ENV_NAME"] = "production"
    try:
        hsts = client.get("/login").headers["Strict-Transport-Security"]
    finally:
        app.config["ENV_NAME"] = "development"
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000


def test_debug_is_never_on_in_production(tmp_path):
    app = create_app(
        {
            "ENV_NAME": "production",
            "DEBUG": True,
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
        }
    )
    assert app.debug is False


def _template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if "email" not in p.parts)


def test_templates_have_no_inline_scripts_styles_or_handlers():
    offenders = []
    for path in _template_files():
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\sstyle=", r"\son[a-z]+=", r"<style"):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {pattern}")
    assert not offenders, "\n".join(offenders)


def test_nul_characters_are_refused_with_400(client, factories, login):
    login(factories.user("participant"))
    token = csrf_token(client, "/privacy/notice")
    response = client.post("/privacy/deletion", data={"note": "a\x00b", "csrf_token": token})
    assert response.status_code == 400
    assert client.get("/privacy/notice?x=%00").status_code == 400
