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
