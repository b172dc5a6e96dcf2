"""Collects every domain's access table (tests/<domain>/access_table.py)."""

from __future__ import annotations

import importlib
from pathlib import Path

from tests.trust.matrix import Case

TESTS_DIR = Path(__file__).resolve().parent.parent


def table_modules() -> list[str]:
    return sorted(
        f"tests.{path.parent.name}.access_table" for path in TESTS_DIR.glob("*/access_table.py")
    )


def load_tables() -> tuple[dict[str, Case], list[str]]:
    """The merged table, and problems: an endpoint listed twice, a table not a dict."""
    merged: dict[str, Case] = {}
    problems: list[str] = []
    for name in table_modules():
        access = getattr(importlib.import_module(name), "ACCESS", None)
        if not isinstance(access, dict):
            problems.append(f"{name} has no ACCESS dict")
            continue
        for endpoint, case in access.items():
            if endpoint in merged:
                problems.append(f"{endpoint} is listed in more than one access table")
            merged[endpoint] = case
    return merged, problems


def endpoint_methods(app) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """Every endpoint of the app (except static files) with the methods it answers."""
    methods: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        methods.setdefault(rule.endpoint, set()).update(
            (rule.methods or set()) & {"GET", "POST", "PUT", "PATCH", "DELETE"}
        )
    return methods


def pages_to_visit(app, factories):  # type: ignore[no-untyped-def]
    """``(endpoint, path, world, actor)`` for every page in the tables, each with a fresh
    world and the first signed-in actor allowed to see it (downloads are left out)."""
    from flask import url_for

    from tests.trust.matrix import OK
    from tests.trust.world import ACTORS, build_world

    table, _ = load_tables()
    routes = endpoint_methods(app)
    for endpoint, case in sorted(table.items()):
        if case.bearer or case.get is None or "GET" not in routes.get(endpoint, set()):
            continue  # API routes (bearer tokens) are not pages
        actor = next(
            (a for a in ACTORS if a != "anonymous" and case.expected("GET", a) == OK), None
        )
        if actor is None:
            continue
        world = build_world(factories)  # builders expect a world of their own
        values = case.values(world) if case.values else {}
        with app.test_request_context():
            path = url_for(endpoint, **values)
        if "." in path.split("?")[0].rsplit("/", 1)[-1]:
            continue  # a download (CSV, JSON, iCalendar), not a page
        yield endpoint, path, world, actor
