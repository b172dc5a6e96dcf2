"""Schemathesis generates requests from the OpenAPI document and sends them to the app.

Each operation is called as a participant, a facilitator and an admin of a small world
(and schemathesis also tries each without its token). Every response must match the
document (status, content type, body schema), invalid requests must be refused, and no
response may be a server error.
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

EXAMPLES_PER_OPERATION = 6
ROLES = ("owner", "facilitator", "admin")


def _fuzz(operation: Any, user: Any) -> int:
    """Send generated cases of one operation as ``user``; returns how many were sent."""
    sent = 0

    @hypothesis.settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy())
    def call(case: Any) -> None:
        nonlocal sent
        # A fresh token each time: a generated DELETE /auth/tokens/current ends the last one.
        secret = tokens.issue(user, "schemathesis").secret
        db.session.commit()
        sent += 1
        case.call_and_validate(
            headers={"Authorization": f"Bearer {secret}"},
            # A document cannot say every rule a valid-looking request may still break (a
            # local time the clocks skip, a zone name, a full cohort): those get a 422
            # problem naming the field, which every other check still validates.
            excluded_checks=[positive_data_acceptance],
        )

    call()
    return sent


def test_generated_requests_never_break_the_document_or_the_server(app, factories, capsys):
    world = build_world(factories)
    schema = schemathesis.openapi.from_wsgi(f"{API_PREFIX}/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    cases = sum(_fuzz(op, world.users[role]) for op in operations for role in ROLES)
    with capsys.disabled():
        print(f"\nschemathesis: {cases} generated cases over {len(operations)} operations")
    assert len(operations) >= 12
    assert cases >= len(operations) * len(ROLES)
