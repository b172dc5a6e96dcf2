"""Every page fits a phone and a laptop and passes axe-core.

One browser visits every GET page in the access tables as its owner at 390 x 844 and
1280 x 800, then the demo organisation's pages as its admin, a facilitator and a
participant (the pages full of data). A page fails when
``document.documentElement.scrollWidth`` exceeds the viewport width set here (phone
emulation widens ``window.innerWidth`` to fit a too-wide page, so that one cannot be
trusted), when axe-core reports a serious or critical violation, or when a control on the
phone is smaller than 44 x 44 px. A screenshot of each page and viewport lands in
tests/browser/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.crawl import (
    is_download,
    owner_of,
    path_for,
    session_cookie,
)
from tests.support.demo import seed_demo
from tests.trust.tables import endpoint_methods, load_tables
from tests.trust.world import build_world

pytestmark = pytest.mark.browser
TABLE, _ = load_tables()
# Pages of the demo to leave alone: signing out, and pages that change something on GET.
SKIP_PREFIXES = ("/logout", "/static/", "/dev/mail", "/notifications/unsubscribe/")
DEMO_PAGES_PER_PERSON = 22


def test_every_page_in_the_access_tables_fits_and_passes_axe(app, factories, crawler):
    routes = endpoint_methods(app)
    for endpoint, case in sorted(TABLE.items()):
        if case.get is None or "GET" not in routes.get(endpoint, set()):
            continue
        actor = owner_of(case)
        if actor is None:
            continue
        world = build_world(factories)  # the builders expect a world of their own
        values = case.values(world) if case.values else {}
        path = path_for(app, endpoint, values)
        if is_download(path):
            continue
        crawler.sign_in(None if actor == "anonymous" else session_cookie(app, world.users[actor]))
        crawler.visit(path, f"{endpoint} as {actor}")
    assert crawler.visited > 100, f"only {crawler.visited} page views"
    assert not crawler.failures, f"{len(crawler.failures)} problem(s):\n" + "\n".join(
        crawler.failures
    )


def test_the_demo_pages_fit_and_pass_axe(app, crawler):
    ctx = seed_demo()
    people = [ctx.admin, ctx.facilitators[0], ctx.participants[0]]
    for person in people:
        crawler.sign_in(session_cookie(app, person))
        queue, seen = ["/"], set()
        while queue and len(seen) < DEMO_PAGES_PER_PERSON:
            path = queue.pop(0)
            # One page of each kind: one meeting stands for them all, one built-in template.
            shape = re.sub(r"\d+|builtin[:=][\w-]+", "N", path.split("?")[0])
            if shape in seen or path.startswith(SKIP_PREFIXES) or is_download(path):
                continue
            seen.add(shape)
            queue += crawler.visit(path, f"demo {person.role} {path}")
    assert crawler.visited > 60, f"only {crawler.visited} page views"
    assert not crawler.failures, f"{len(crawler.failures)} problem(s):\n" + "\n".join(
        crawler.failures
    )
