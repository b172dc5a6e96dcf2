"""Helpers for the page crawl: which pages to visit, as whom, and what to measure.

Every GET route in the access tables is visited as its owner (the first actor the table
lets in: the owner for a participant's pages, the facilitator for a cohort's, the admin for
the organisation's; signed out for public pages) in a phone and a laptop viewport.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, url_for

from groupapp.accounts.sessions import SEEN, STARTED
from tests.trust.matrix import OK, Case
from tests.trust.world import ACTORS

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 1,
    },
    "laptop": {"viewport": {"width": 1280, "height": 800}},
}
BLOCKING = ("serious", "critical")
MIN_CHART_TEXT = 12  # px, labels inside charts as shown
MIN_TARGET = 44  # px, on a phone (WCAG 2.5.5); links inside running text are exempt


@dataclass(frozen=True)
class Visit:
    endpoint: str
    actor: str  # "anonymous" for a public page
    path: str


class Crawler:
    """One browser context per viewport, reused for every page; only the cookie changes."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.base_url = base_url
        self.contexts = {
            name: browser.new_context(base_url=base_url, bypass_csp=True, **options)
            for name, options in VIEWPORTS.items()
        }
        self.pages = {name: context.new_page() for name, context in self.contexts.items()}
        self.failures: list[str] = []
        self.visited = 0
        SCREENSHOTS.mkdir(exist_ok=True)

    def sign_in(self, cookie: str | None) -> None:
        for context in self.contexts.values():
            use_session(context, self.base_url, cookie)

    def visit(self, path: str, label: str) -> list[str]:
        """Load ``path`` in each viewport and record its problems; return the page's links
        (same site, from the laptop view), or [] when it is not an HTML page."""
        links: list[str] = []
        for name, page in self.pages.items():
            response = page.goto(path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                return []
            page.wait_for_load_state("load")
            self.visited += 1
            width = VIEWPORTS[name]["viewport"]["width"]
            slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            shot = SCREENSHOTS / f"{slug}-{name}.jpg"
            page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70)
            self.failures += [
                f"{label} ({path}), {name}: {problem}"
                for problem in measure(page, width, touch=name == "phone")
            ]
            links = page.evaluate(
                "Array.from(document.querySelectorAll('a[href]'), a => a.href)"
                ".filter(h => h.startsWith(location.origin))"
                ".map(h => h.slice(location.origin.length).split('#')[0])"
            )
        return links

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


def use_session(context: Any, base_url: str, cookie: str | None) -> None:
    """Give a browser context only this session cookie (none: signed out)."""
    context.clear_cookies()
    if cookie is not None:
        context.add_cookies([{"name": "session", "value": cookie, "url": base_url}])


def owner_of(case: Case) -> str | None:
    """The actor a page is for: signed out if the public may see it, else the first allowed."""
    if case.expected("GET", "anonymous") == OK:
        return "anonymous"
    return next((a for a in ACTORS if a != "anonymous" and case.expected("GET", a) == OK), None)


def path_for(app: Flask, endpoint: str, values: dict[str, Any]) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def is_download(path: str) -> bool:
    """A CSV, JSON or iCalendar file (the last path segment has an extension)."""
    return "." in path.split("?")[0].rsplit("/", 1)[-1]


def session_cookie(app: Flask, user: Any) -> str:
    """A signed session cookie for ``user``, as the login form would leave it."""
    now = time.time()
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    data = {"_user_id": user.get_id(), "_fresh": True, STARTED: now, SEEN: now}
    return str(serializer.dumps(data))


def measure(page: Any, width: int, touch: bool) -> list[str]:
    """Problems on the loaded page: sideways scrolling, axe serious or critical findings,
    chart text under 12 px, and on a touch screen controls smaller than 44 x 44 px."""
    problems: list[str] = []
    if touch:
        small = page.evaluate(_SMALL_TARGETS, MIN_TARGET)
        if small:
            problems.append(f"{len(small)} touch target(s) under {MIN_TARGET} px, e.g. {small[:4]}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(_WIDEST_ELEMENTS, width)
        problems.append(f"{scroll_width} px wide at a {width} px viewport; sticks out: {wide}")
    tiny = page.evaluate(_TINY_CHART_TEXT, MIN_CHART_TEXT)
    if tiny:
        problems.append(f"chart text under {MIN_CHART_TEXT} px: {tiny[:4]}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values:"
        " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length})))"
    )
    for violation in result:
        if violation["impact"] in BLOCKING:
            problems.append(
                f"axe {violation['impact']} {violation['id']} ({violation['help']}) on "
                f"{violation['count']} node(s), e.g. {violation['nodes']}"
            )
    return problems


# The elements whose right edge passes the viewport, innermost first (to name the culprit).
_WIDEST_ELEMENTS = """
(width) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && el.children.length === 0) {
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
               + ' right=' + Math.round(box.right));
    }
    if (out.length >= 3) break;
  }
  return out;
}
"""


# Controls a finger must hit. A checkbox or radio button counts with its label (a tap on
# the label works); a link inside a sentence or a table cell's text is exempt.
_SMALL_TARGETS = """
(min) => {
  const out = [];
  const sel = 'button, select, input:not([type=hidden]), textarea, summary, a.button, nav a';
  for (const el of document.querySelectorAll(sel)) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    let box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.closest('label')
        || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (label) box = label.getBoundingClientRect();
    }
    if (box.height < min - 0.5 || box.width < min - 0.5) {
      const name = (el.textContent || el.name || el.type || '').trim().slice(0, 24);
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      out.push(`${el.tagName.toLowerCase()} "${name}" ${size}`);
    }
  }
  return out;
}
"""


# Text inside a visible SVG chart, at the size it is drawn (font size times the scale).
_TINY_CHART_TEXT = """
(min) => {
  const out = [];
  for (const svg of document.querySelectorAll('svg[viewBox]')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (size < min - 0.05) out.push(`"${text.textContent.trim()}" ${size.toFixed(1)} px`);
    }
  }
  return out;
}
"""


def crawl_table(app: Flask, factories: Any, crawler: Crawler, table: dict[str, Case]) -> None:
    """Visit every GET page of one access table as its owner, each in a fresh world."""
    from tests.trust.world import build_world

    for endpoint, case in sorted(table.items()):
        if case.bearer or case.get is None:
            continue
        actor = owner_of(case)
        assert actor is not None
        world = build_world(factories)
        values = case.values(world) if case.values else {}
        crawler.sign_in(session_cookie(app, world.users[actor]))
        crawler.visit(path_for(app, endpoint, values), f"{endpoint} as {actor}")
