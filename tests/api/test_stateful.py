"""Schemathesis, stateful: sequences of calls that feed one answer into the next call.

The links between operations (a created cohort's id into GET, PATCH and its meetings, a
meeting's id into attendance...) are inferred by schemathesis from the document's
parameter and response names. Each role (a participant, a facilitator, an admin) drives
the machine with its own fresh token per call. Every response must match the document
and none may be a server error.
"""

from __future__ import annotations

from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.specs.openapi.checks import positive_data_acceptance

from groupapp.api import API_PREFIX, tokens
from groupapp.db import db
from tests.trust.world import build_world

ROLES = ("owner", "facilitator", "admin")
SCENARIOS_PER_ROLE = 10
STEPS_PER_SCENARIO = 8


def _machine(schema: Any, user: Any, calls: list[str]) -> type:
    base = schema.as_state_machine()

    class AsUser(base):  # type: ignore[valid-type,misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            # A fresh token each call: a generated DELETE /auth/tokens/current ends one.
            secret = tokens.issue(user, "stateful").secret
            db.session.commit()
            return {"headers": {"Authorization": f"Bearer {secret}"}}

        def after_call(self, response: Any, case: Any) -> None:
            calls.append(f"{case.method} {case.path} {response.status_code}")

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            # As in test_fuzz.py: rules a document cannot state get 422 problems.
            case.validate_response(
                response,
                excluded_checks=[positive_data_acceptance],
                headers=kwargs.get("headers"),
                transport_kwargs={"headers": kwargs.get("headers")},
            )

    return AsUser


def test_call_sequences_never_break_the_document_or_the_server(app, factories, capsys):
    world = build_world(factories)
    schema = schemathesis.openapi.from_wsgi(f"{API_PREFIX}/openapi.json", app)
    calls: list[str] = []
    settings = hypothesis.settings(
        max_examples=SCENARIOS_PER_ROLE,
        stateful_step_count=STEPS_PER_SCENARIO,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    for role in ROLES:
        _machine(schema, world.users[role], calls).run(settings=settings)
    linked = schema.operations_with_incoming_links()
    with capsys.disabled():
        print(
            f"\nschemathesis stateful: {len(calls)} generated calls in sequences; "
            f"{len(linked)} operations take a value from an earlier answer"
        )
    assert len(calls) >= len(ROLES) * SCENARIOS_PER_ROLE
    assert linked  # the sequences do chain calls, not only repeat single ones
