"""The crawler fixture the page checks share (helpers: tests/browser/crawl.py)."""

from __future__ import annotations

import pytest

from tests.browser.crawl import AXE, Crawler
from tests.conftest import skip_or_fail


@pytest.fixture
def crawler(browser, live_server):  # type: ignore[no-untyped-def]
    """One browser context per viewport, measuring each page it visits."""
    if not AXE.exists():
        skip_or_fail(f"axe-core is not installed at {AXE} (run scripts/setup test)")
    crawler = Crawler(browser, live_server)
    yield crawler
    crawler.close()
