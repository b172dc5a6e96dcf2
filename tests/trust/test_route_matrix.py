"""Every route, called as every kind of user against the owner's objects, answers as its
access table says. Target: no unexpected 2xx, and no route missing from the tables."""

from __future__ import annotations

import pytest

from tests.conftest import IsolatedClient
from tests.trust.matrix import METHODS, matches, run_case
from tests.trust.tables import endpoint_methods, load_tables
from tests.trust.world import build_world

TABLE, TABLE_PROBLEMS = load_tables()


def test_tables_are_well_formed():
    assert TABLE_PROBLEMS == []


def test_every_route_is_in_an_access_table(app):
    missing = []
    for endpoint, methods in sorted(endpoint_methods(app).items()):
        case = TABLE.get(endpoint)
        if case is None:
            missing.append(f"{endpoint} ({', '.join(sorted(methods))})")
            continue
        for method in methods:
            if case.table(method) is None:
                missing.append(f"{endpoint}: no {method} expectations")
    assert not missing, "missing from every tests/<domain>/access_table.py:\n" + "\n".join(missing)


def test_tables_name_only_existing_routes(app):
    methods = endpoint_methods(app)
    stale = [
        f"{endpoint}: {method}"
        for endpoint, case in TABLE.items()
        for method in METHODS
        if case.table(method) is not None and method not in methods.get(endpoint, set())
    ]
    assert stale == [], "the access tables list routes or methods the app does not have"


@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_route_answers_every_actor_as_its_table_says(app, factories, endpoint):
    methods = endpoint_methods(app).get(endpoint)
    if methods is None:
        pytest.skip(f"{endpoint} is not a route (see test_tables_name_only_existing_routes)")
    app.test_client_class = IsolatedClient
    case = TABLE[endpoint]
    checks = run_case(app, endpoint, case, methods, lambda: build_world(factories))
    wrong = [str(check) for check in checks if not matches(check.expected, check.got)]
    assert not wrong, "\n".join(wrong)
