"""The intake pages fit a phone and a laptop and pass axe-core, with and without problems."""

from __future__ import annotations

import pytest

from tests.browser.crawl import AXE, Crawler, owner_of, path_for, session_cookie
from tests.conftest import skip_or_fail
from tests.intake.access_table import ACCESS
from tests.trust.world import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def crawler(browser, live_server):  # type: ignore[no-untyped-def]
    if not AXE.exists():
        skip_or_fail(f"axe-core is not installed at {AXE} (run scripts/setup test)")
    crawler = Crawler(browser, live_server)
    yield crawler
    crawler.close()


def test_every_intake_page_fits_and_passes_axe(app, factories, crawler) -> None:
    for endpoint, case in sorted(ACCESS.items()):
        if case.bearer or case.get is None:
            continue
        actor = owner_of(case)
        assert actor is not None
        world = build_world(factories)
        values = case.values(world) if case.values else {}
        crawler.sign_in(session_cookie(app, world.users[actor]))
        crawler.visit(path_for(app, endpoint, values), f"{endpoint} as {actor}")
    assert crawler.visited >= 4
    assert not crawler.failures, "\n".join(crawler.failures)
