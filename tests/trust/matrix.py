"""The access-table format and the runner that checks one route as every kind of user.

Each domain keeps ``tests/<domain>/access_table.py`` with ``ACCESS = {endpoint: Case}``;
see tests/trust/README.md. ``test_route_matrix.py`` fails for any route missing from every
table, and for any response that differs from the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient

from tests.trust.world import (
    ACTORS,
    MEMBER_STATES,
    OTHER_ORG,
    PARTICIPANTS,
    SIGNED_OUT,
    STAFF_IN_ORG,
    World,
)

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
OK = "ok"  # 2xx, or a redirect that is not to the login page
DENY = "deny"  # 403 or 404 (401 or the login page for the anonymous visitor)
FORBIDDEN = "forbidden"  # exactly 403: the actor may see the object (or list), not do this
HIDDEN = "hidden"  # exactly 404: the actor may not know the object exists
# exactly 422: an id in the request body names nothing this actor may use (the API answers
# the same for an object they may not see and for one that does not exist)
UNAVAILABLE_IN_BODY = "status 422"
REDIRECT = "redirect"  # a 3xx elsewhere than the login page, nothing else
LOGIN = "login"  # the login page (302) or a JSON 401: the default for "anonymous"

Values = Callable[[World], dict[str, Any]]
Data = Callable[[World, dict[str, Any]], dict[str, Any]]


def allow(*actors: str, redirect: Iterable[str] = ()) -> dict[str, str]:
    """Expectations: the named actors get OK, ``redirect`` ones REDIRECT, the rest DENY.

    Actors without a working session (anonymous, erased) get LOGIN unless named.
    """
    unknown = (set(actors) | set(redirect)) - set(ACTORS)
    if unknown:
        raise ValueError(f"unknown actors {sorted(unknown)}; choose from {ACTORS}")
    table = dict.fromkeys(actors, OK)
    table.update(dict.fromkeys(redirect, REDIRECT))
    return table


def everyone(result: str) -> dict[str, str]:
    """The same outcome for every actor, the anonymous visitor included."""
    return dict.fromkeys(ACTORS, result)


PUBLIC = allow(*ACTORS)
SIGNED_IN = allow(*PARTICIPANTS, *STAFF_IN_ORG, *OTHER_ORG, *MEMBER_STATES)
STAFF = allow("facilitator", "other_cohort_facilitator", "admin", *OTHER_ORG[1:])
ADMINS = allow("admin", "other_org_admin")
PARTICIPANTS_ONLY = allow(*PARTICIPANTS, "other_org_participant", *MEMBER_STATES)
NOBODY: dict[str, str] = {}


@dataclass(frozen=True)
class Case:
    """How to call one endpoint and what every actor should get.

    ``values`` builds the URL's arguments from a fresh world (objects the route takes by
    ID belong to the owner, their cohort or their organisation unless the name says
    otherwise); ``get`` and ``post`` map actor -> outcome (missing actors: DENY, anonymous:
    LOGIN); ``data`` gives form fields for the POST (the CSRF token is added).
    """

    values: Values | None = None
    get: Mapping[str, str] | None = None
    post: Mapping[str, str] | None = None
    put: Mapping[str, str] | None = None
    patch: Mapping[str, str] | None = None
    delete: Mapping[str, str] | None = None
    data: Data | None = None
    # JSON API routes: each actor sends an API token (never a session cookie) and ``data``
    # is sent as the JSON body (a list or a dict), without a CSRF token.
    bearer: bool = False
    note: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    # Audit action each permitted call must write, by method: {"GET": "homework.read"}.
    audit: Mapping[str, str] = field(default_factory=dict)

    def table(self, method: str) -> Mapping[str, str] | None:
        """The expectations for ``method`` (None: the route has no such method)."""
        return {
            "GET": self.get,
            "POST": self.post,
            "PUT": self.put,
            "PATCH": self.patch,
            "DELETE": self.delete,
        }[method]

    def expected(self, method: str, actor: str) -> str:
        table = self.table(method)
        assert table is not None
        if actor in table:
            return table[actor]
        return LOGIN if actor in SIGNED_OUT else DENY


_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def sign_in(client: FlaskClient, user: Any) -> None:
    """Sign ``user`` in without the password form (the login itself is tested elsewhere)."""
    import time

    from groupapp.accounts.sessions import SEEN, STARTED

    # An erased person's session dates from before the erasure, which ended it.
    cookie_id = f"{user.id}.ended-by-erasure" if user.erased_at else user.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = cookie_id
        session["_fresh"] = True
        session[STARTED] = session[SEEN] = time.time()


def csrf_for(client: FlaskClient, signed_in: bool) -> str:
    page = "/privacy/notice" if signed_in else "/login"
    body = client.get(page).get_data(as_text=True)
    match = _CSRF_META.search(body)
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def outcome(response: Any) -> str:
    """Classify a response as OK, DENY, REDIRECT or LOGIN."""
    status = response.status_code
    location = response.headers.get("Location", "")
    if status == 401 or (300 <= status < 400 and "/login" in location.split("?")[0]):
        return LOGIN
    if 300 <= status < 400:
        return REDIRECT
    if status < 300:
        return OK
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return HIDDEN
    return f"status {status}"


def matches(expected: str, got: str) -> bool:
    if expected == OK:
        return got in (OK, REDIRECT)
    if expected == DENY:
        return got in (FORBIDDEN, HIDDEN)
    return expected == got


def spell_denials(case: Case, forbidden: Mapping[str, Iterable[str]]) -> Case:
    """``case`` with every denial spelled out: FORBIDDEN for the actors ``forbidden`` names
    per method (``"get"``, ``"post"``, ...), HIDDEN for every other denied actor."""
    changes = {}
    for method in ("get", "post", "put", "patch", "delete"):
        table = getattr(case, method)
        if table is None:
            continue
        seen = set(forbidden.get(method, ()))
        spelled = dict(table)
        for actor in ACTORS:
            if spelled.get(actor, DENY) == DENY and actor not in SIGNED_OUT:
                spelled[actor] = FORBIDDEN if actor in seen else HIDDEN
        changes[method] = spelled
    return replace(case, **changes)


@dataclass
class Check:
    endpoint: str
    method: str
    actor: str
    expected: str
    got: str
    status: int

    def __str__(self) -> str:
        return (
            f"{self.method} {self.endpoint} as {self.actor}: expected {self.expected}, "
            f"got {self.got} ({self.status})"
        )


def _order(case: Case, method: str) -> list[str]:
    """Denied actors first, so that a permitted POST cannot spoil what they see."""
    return sorted(ACTORS, key=lambda actor: case.expected(method, actor) == OK)


def run_case(
    app: Flask, endpoint: str, case: Case, methods: set[str], new_world: Callable[[], World]
) -> list[Check]:
    """Call ``endpoint`` as every actor with each method; return every check made."""
    checks: list[Check] = []
    for method in METHODS:
        if method not in methods:
            continue
        world = new_world()
        values = case.values(world) if case.values else {}
        for actor in _order(case, method):
            expected = case.expected(method, actor)
            written = _audit_count(case, method, world, actor)
            response = _call(app, endpoint, method, actor, world, values, case)
            got = outcome(response)
            checks.append(Check(endpoint, method, actor, expected, got, response.status_code))
            unaudited = written is not None and _audit_count(case, method, world, actor) == written
            if got in (OK, REDIRECT) and unaudited:
                action = case.audit.get(method)
                checks.append(Check(endpoint, method, actor, f"audit {action}", "no row", 0))
            if method != "GET" and got in (OK, REDIRECT):
                world = new_world()  # a permitted change: the next actor gets fresh objects
                values = case.values(world) if case.values else {}
    return checks


def _audit_count(case: Case, method: str, world: World, actor: str) -> int | None:
    """How many rows of the case's audit action this actor has written so far."""
    action = case.audit.get(method)
    if action is None or actor in SIGNED_OUT:
        return None
    import sqlalchemy as sa

    from groupapp.audit.models import AuditEvent
    from groupapp.db import db

    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == action, AuditEvent.actor_id == world.users[actor].id)
    )


def _call(
    app: Flask,
    endpoint: str,
    method: str,
    actor: str,
    world: World,
    values: dict[str, Any],
    case: Case,
) -> Any:
    client = app.test_client()
    with app.test_request_context():
        url = url_for(endpoint, **values)
    if case.bearer:
        body = case.data(world, values) if case.data else None
        return _call_api(client, url, method, world.users.get(actor), body, case)
    if actor != "anonymous":
        sign_in(client, world.users[actor])  # the erased actor with their ended session
    headers = {"Accept": "text/html", **case.headers}
    if method == "GET":
        return client.get(url, headers=headers)
    data = dict(case.data(world, values)) if case.data else {}
    data["csrf_token"] = csrf_for(client, actor not in SIGNED_OUT)
    return client.post(url, data=data, headers=headers)


def _call_api(client: FlaskClient, url: str, method: str, user: Any, body: Any, case: Case) -> Any:
    """Call a JSON API route with ``user``'s API token (the anonymous visitor sends none)."""
    from groupapp.api import tokens
    from groupapp.db import db

    headers = dict(case.headers)
    if user is not None:
        secret = tokens.issue(user, "matrix").secret
        db.session.commit()
        headers["Authorization"] = f"Bearer {secret}"
    return client.open(url, method=method, headers=headers, json=None if method == "GET" else body)
