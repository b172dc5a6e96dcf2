"""A write by a real Celery worker replaces the page generation the web app reads from
Redis, so a page cached before the worker's write is never served after it."""

from __future__ import annotations

import re

import pytest
import redis

from groupapp.core import outbox
from groupapp.core.page_cache import KEY_PREFIX, page_store
from tests.conftest import IsolatedClient, login_as
from tests.homework.support import build
from tests.support.factories import Factories
from tests.worker.conftest import REDIS_URL, statuses, wait_until

pytestmark = pytest.mark.worker


def _rows(page: str) -> set[str]:
    """The statuses shown in the message rows of the outbox page."""
    return set(re.findall(r"<td>(Queued|Sent)\b", page))


def test_a_worker_write_makes_the_web_app_render_the_page_again(stack) -> None:  # type: ignore[no-untyped-def]
    app = stack.app(PAGE_CACHE_TYPE="RedisCache", PAGE_CACHE_REDIS_URL=REDIS_URL)
    stack.env.update(PAGE_CACHE_TYPE="RedisCache", CACHE_REDIS_URL=REDIS_URL)
    app.test_client_class = IsolatedClient
    with app.app_context():
        factories = Factories()
        hw = build(factories)
        admin = factories.user("admin", org=hw.world.org)
        hw.give()  # "homework given" emails (and later reminders) wait in the outbox
        assert statuses()["queued"] > 0
        client = app.test_client()
        login_as(client, admin.email)
        first = client.get("/admin/outbox").get_data(as_text=True)
        assert client.get("/admin/outbox").get_data(as_text=True) == first  # from Redis
        keys = redis.Redis.from_url(REDIS_URL).keys(f"{KEY_PREFIX}entry:*")
        assert keys, "no page entry in Redis"
        assert _rows(first) == {"Queued"}
        store = page_store()
        assert store is not None
        before = store.generation()

        stack.worker("--concurrency=1", "--pool=solo")
        outbox.dispatch_committed()
        assert wait_until(lambda: statuses()["sent"] > 0, timeout=30)
        assert wait_until(lambda: store.generation() != before, timeout=5)
        after = client.get("/admin/outbox").get_data(as_text=True)
        assert "Sent" in _rows(after)
