"""A second app with the rate limiter switched on (the shared test app has it off)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from groupapp import create_app
from groupapp.db import db
from groupapp.extensions import limiter
from tests.conftest import base_test_config


@pytest.fixture
def limited_app(app: Flask, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """``limited_app(storage="memory://", keep_counters=False)`` builds an app on the test
    database with limits."""

    built: list[Flask] = []

    def build(storage: str = "memory://", keep_counters: bool = False) -> Flask:
        config = base_test_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"])
        config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage)
        built.append(create_app(config))
        if not keep_counters:  # a restarted app finds the counters its storage kept
            limiter.reset()
        return built[-1]

    try:
        yield build
    finally:
        limiter.reset()
        limiter.enabled = False
        for extra in built:
            with extra.app_context():
                db.session.remove()
                db.engine.dispose()
