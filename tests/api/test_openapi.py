"""The OpenAPI document is valid, complete, and served with a reference page."""

from __future__ import annotations

import re

from groupapp.api import API_PREFIX


def _document(client):  # type: ignore[no-untyped-def]
    response = client.get(f"{API_PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_validates_as_openapi_3(client):
    from openapi_spec_validator import validate

    document = _document(client)
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_api_route_appears_in_the_document(app, client):
    document = _document(client)
    documented = {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
        if method != "parameters"
    }
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX) or not rule.endpoint.startswith("api_"):
            continue
        if rule.endpoint.startswith("api_pages."):
            continue  # the reference page and its assets are not API operations
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            served.add((path, method))
    assert served
    assert served == documented


def test_errors_are_documented_as_problems(client):
    document = _document(client)
    default = document["components"]["responses"]["DEFAULT_ERROR"]
    assert list(default["content"]) == ["application/problem+json"]
    for operations in document["paths"].values():
        for method, operation in operations.items():
            if method != "parameters":
                assert "default" in operation["responses"]


def test_the_reference_page_uses_only_this_sites_files(client):
    page = client.get(f"{API_PREFIX}/reference")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "https://" not in html
    assert "<script>" not in html
    for src in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        asset = client.get(src)
        assert asset.status_code in (200, 302), src
        asset.close()


def test_the_reference_page_lists_every_operation_and_schema(client):
    """The page is read from the document, so every operation and every schema has its
    own section, and every schema a section names links to that schema's section."""
    from groupapp.api.reference import operation_anchor

    document = _document(client)
    html = client.get(f"{API_PREFIX}/reference").get_data(as_text=True)
    ids = set(re.findall(r' id="([^"]+)"', html))
    for path, operations in document["paths"].items():
        for method in operations:
            if method != "parameters":
                assert operation_anchor(method, path) in ids, f"{method} {path}"
                assert f'<code class="api-path">{path}</code>' in html
    for name in document["components"]["schemas"]:
        assert f">{name}</h3>" in html, name
    linked = set(re.findall(r'href="#([^"]+)"', html))
    assert linked <= ids, sorted(linked - ids)
    assert "Authorization: Bearer &lt;token&gt;" in html
