"""API test helpers: a token per person, and a client that sends it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import pytest
from flask.testing import FlaskClient

from groupapp.api import tokens
from groupapp.db import db
from tests.accounts.conftest import limited_app  # noqa: F401  (the rate-limited app)


def utc_at(day: datetime, hour: int) -> datetime:
    """``hour`` o'clock UTC on ``day``'s date."""
    return datetime.combine(day.date(), time(hour), tzinfo=UTC)


def token_for(user: Any) -> str:
    """A live API token for ``user`` (issued by the service, committed)."""
    secret = tokens.issue(user, "tests").secret
    db.session.commit()
    return secret


class Api:
    """Calls ``/api/v1`` on a test client as one person (or anonymously)."""

    def __init__(self, client: FlaskClient, secret: str | None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.client.open(f"/api/v1{path}", method=method, headers=self.headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:
        return self("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self("DELETE", path, **kwargs)


@pytest.fixture
def api_as(client: FlaskClient) -> Callable[[Any], Api]:
    """``api_as(user)`` calls the API with a fresh token of ``user``; ``api_as(None)`` without."""

    def make(user: Any) -> Api:
        return Api(client, token_for(user) if user is not None else None)

    return make
