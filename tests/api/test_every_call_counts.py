"""Every operation of the API runs the same number of SQL statements in a small and in a
larger organisation.

The calls come from the access tables (tests/<domain>/access_table.py: the URL's objects
and the body each route needs), so an operation added to the API is measured here as soon
as it is in a table, and the route matrix fails any route that is not. Each call is made
by the first actor the table lets in, with a fresh token. Both worlds see the same calls in
the same order, so what one call leaves behind is the same in both.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from groupapp.api import API_PREFIX, tokens
from groupapp.db import db
from tests.api.test_statement_counts import _grow
from tests.trust.matrix import OK, Case
from tests.trust.tables import endpoint_methods, load_tables
from tests.trust.world import ACTORS, build_world

# Who calls: cohort A's staff first, then its member, then anyone the table allows.
PREFERRED = ("facilitator", "admin", "owner", *ACTORS)
SIZE = 6  # the larger world has this many more members, meetings, cohorts and programs
# Operations known to run more statements for a larger cohort, still to be fixed: each is
# listed so the test fails the day one is fixed (take it out then) or another one grows.
KNOWN_GROWTH: set[str] = set()


def _operations(app) -> list[tuple[str, str, Case]]:  # type: ignore[no-untyped-def]
    table, _ = load_tables()
    found = []
    for endpoint, methods in sorted(endpoint_methods(app).items()):
        case = table.get(endpoint)
        if case is None or not case.bearer:
            continue  # pages, the document and the reference are not API operations
        found.extend((endpoint, method, case) for method in sorted(methods))
    return found


def _count(app, world, count_queries, endpoint: str, method: str, case: Case) -> int | None:  # type: ignore[no-untyped-def]
    actor = next(a for a in PREFERRED if case.expected(method, a) == OK)
    try:
        values = case.values(world) if case.values else {}
        body = case.data(world, values) if case.data else None
    except sa.exc.IntegrityError:
        db.session.rollback()  # the builder's object exists already in this world
        return None
    with app.test_request_context():
        url = url_for(endpoint, **values)
    headers = {}
    if actor != "anonymous":
        headers["Authorization"] = f"Bearer {tokens.issue(world.users[actor], 'count').secret}"
        db.session.commit()
    client = app.test_client()
    # First a call that stamps the token's use and hands over mail the builders queued.
    client.get(f"{API_PREFIX}/me", headers=headers)
    with count_queries() as statements:
        response = client.open(
            url, method=method, headers=headers, json=None if method == "GET" else body
        )
    if response.status_code >= 300:
        return None  # what an earlier call left behind stands in the way
    return len(statements)


def _fresh_world(factories, grow: int):  # type: ignore[no-untyped-def]
    world = build_world(factories)
    _grow(factories, world.org, world.facilitator, world.cohort, grow)
    return world


def _measure_all(app, factories, count_queries) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """``"METHOD endpoint" -> (statements when small, statements when larger)``."""
    small, large = _fresh_world(factories, 1), _fresh_world(factories, SIZE)
    counts: dict[str, tuple[int | None, int | None]] = {}
    for endpoint, method, case in _operations(app):
        pair = tuple(_count(app, w, count_queries, endpoint, method, case) for w in (small, large))
        if None in pair:  # measured again, each size in a world of its own
            pair = tuple(
                _count(app, _fresh_world(factories, grow), count_queries, endpoint, method, case)
                for grow in (1, SIZE)
            )
        assert None not in pair, f"{method} {endpoint} refused the table's call"
        counts[f"{method} {endpoint}"] = pair  # type: ignore[assignment]
    return counts  # type: ignore[return-value]


def test_every_operation_runs_the_same_statements_at_two_sizes(
    app, factories, count_queries, capsys
):
    # Mail waits in the outbox for the worker, as in production: sending it is the
    # worker's statements (counted by its own tests), not the request's.
    app.config["MAIL_DISPATCH"] = "celery-down"
    try:
        counts = _measure_all(app, factories, count_queries)
    finally:
        app.config["MAIL_DISPATCH"] = "inline"
    with capsys.disabled():
        print(f"\nstatements per API call (small, larger) over {len(counts)} operations:")
        for name, pair in counts.items():
            print(f"  {name}: {pair}")
    grew = {name for name, pair in counts.items() if pair[0] != pair[1]}
    assert grew == KNOWN_GROWTH
    documented = {
        (method.upper(), path)
        for path, item in app.test_client()
        .get(f"{API_PREFIX}/openapi.json")
        .get_json()["paths"]
        .items()
        for method in item
        if method != "parameters"
    }
    assert len(counts) == len(documented)
