"""Finding a route's form fields and the first actor allowed to submit them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient

from tests.trust.matrix import OK, Case, csrf_for, sign_in
from tests.trust.tables import endpoint_methods
from tests.trust.world import ACTORS, World


@dataclass
class FormField:
    name: str
    kind: str  # "text", "select", "checkbox", "number", "date", "password", ...
    choices: list[str] = field(default_factory=list)


class _FieldParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, FormField] = {}
        self._select: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag in ("input", "textarea") and name and name != "csrf_token":
            kind = "textarea" if tag == "textarea" else (a.get("type") or "text")
            entry = self.fields.setdefault(name, FormField(name, kind))
            if kind in ("radio", "checkbox") and a.get("value"):
                entry.choices.append(a["value"] or "")
        elif tag == "select" and name:
            self._select = self.fields.setdefault(name, FormField(name, "select"))
        elif tag == "option" and self._select is not None:
            self._select.choices.append(a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def fields_on(html: str) -> list[FormField]:
    parser = _FieldParser()
    parser.feed(html)
    return [f for f in parser.fields.values() if f.kind not in ("submit", "button", "hidden")]


def first_allowed(case: Case, method: str) -> str | None:
    table = case.post if method == "POST" else case.get
    if not table:
        return None
    for actor in ACTORS:
        if actor != "anonymous" and case.expected(method, actor) == OK:
            return actor
    return "anonymous" if case.expected(method, "anonymous") == OK else None


@dataclass
class FormTarget:
    """A signed-in client ready to post to one route, with the fields its page shows."""

    client: FlaskClient
    url: str
    token: str
    fields: list[FormField]
    world: World
    values: dict[str, Any]


def prepare(app: Flask, case: Case, endpoint: str, methods: set[str], world: World) -> FormTarget:
    actor = first_allowed(case, "POST")
    assert actor is not None
    client = app.test_client()
    if actor != "anonymous":
        sign_in(client, world.users[actor])
    values = case.values(world) if case.values else {}
    with app.test_request_context():
        url = url_for(endpoint, **values)
    found: dict[str, FormField] = {}
    if "GET" in methods:
        page = client.get(url)
        if page.status_code == 200 and page.mimetype == "text/html":
            found = {f.name: f for f in fields_on(page.get_data(as_text=True))}
    for name in case.data(world, values) if case.data else {}:
        found.setdefault(name, FormField(name, "text"))
    token = csrf_for(client, actor != "anonymous")
    return FormTarget(client, url, token, list(found.values()), world, values)


def form_routes(table: dict[str, Case]) -> list[str]:
    """Endpoints someone may post a form to (JSON API routes take no forms)."""
    return sorted(e for e, case in table.items() if first_allowed(case, "POST") and not case.bearer)


def target_for(app: Flask, factories: Any, table: dict[str, Case], endpoint: str) -> FormTarget:
    """A fresh world and a client signed in as the first actor allowed to post to
    ``endpoint`` (the test is skipped when this build has no such POST route)."""
    import pytest

    from tests.conftest import IsolatedClient
    from tests.trust.world import build_world

    methods = endpoint_methods(app).get(endpoint)
    if methods is None or "POST" not in methods:
        pytest.skip("not a POST route in this build")
    app.test_client_class = IsolatedClient
    return prepare(app, table[endpoint], endpoint, methods, build_world(factories))
