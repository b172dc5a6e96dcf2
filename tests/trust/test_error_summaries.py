"""Every form that shows a problem shows it in the summary at the top of the page too, with
a link to each field marked invalid, ahead of the fields (the page script focuses it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from tests.trust.forms import FormField, form_routes, target_for
from tests.trust.tables import load_tables

TABLE, _ = load_tables()
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
# Forms whose empty or oversized answers must be refused field by field: if none of them
# showed a summary, this test would pass by finding nothing to check.
MUST_SUMMARISE = {
    "accounts.accept_invitation",
    "accounts.change_password",
    "accounts.invite",
    "accounts.settings",
    "assessments.answer",
    "cohorts.create",
    "cohorts.edit",
    "homework.assign",
    "homework.fill",
    "privacy.edit_notice",
}


@dataclass
class Page:
    """What the summary check needs from one HTML page, in document order."""

    ids: set[str] = field(default_factory=set)
    summaries: int = 0
    links: list[str] = field(default_factory=list)  # targets listed in the summary
    invalid: list[list[str]] = field(default_factory=list)  # each invalid field's id path
    first_error_at: int | None = None  # position of the first field error or invalid field
    summary_at: int | None = None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self.stack: list[tuple[str, str | None]] = []
        self.position = 0
        self.in_summary_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.position += 1
        page = self.page
        if a.get("id"):
            page.ids.add(a["id"] or "")
        if "data-error-summary" in a:
            page.summaries += 1
            page.summary_at = self.position
            self.in_summary_depth = len(self.stack)
        if self.in_summary_depth is not None and tag == "a":
            page.links.append((a.get("href") or "").removeprefix("#"))
        classes = (a.get("class") or "").split()
        invalid = a.get("aria-invalid") == "true"
        if (invalid or "error" in classes) and page.first_error_at is None:
            page.first_error_at = self.position
        if invalid:
            page.invalid.append([i for _, i in self.stack if i] + [a.get("id") or ""])
        if tag not in VOID:
            self.stack.append((tag, a.get("id")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            opened, _ = self.stack.pop()
            if opened == tag:
                break
        if self.in_summary_depth is not None and len(self.stack) <= self.in_summary_depth:
            self.in_summary_depth = None


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    return reader.page


def summary_problems(html: str) -> list[str]:
    """What is wrong with a page's error summary; [] when it is right or not needed."""
    page = read(html)
    if page.first_error_at is None:
        return ["a summary with no field marked in error"] if page.summaries else []
    found = []
    if page.summaries != 1:
        return [f"{page.summaries} error summaries on a page with errors"]
    if page.summary_at is not None and page.summary_at > page.first_error_at:
        found.append("the summary comes after the first error")
    if not page.links:
        found.append("the summary links to nothing")
    found += [f"summary links to #{t}, not on the page" for t in page.links if t not in page.ids]
    for path in page.invalid:
        if not set(path) & set(page.links):
            found.append(f"invalid field {path[-1] or '(no id)'} is not linked from the summary")
    return found


def bad_inputs(fields: list[FormField]) -> list[dict[str, str]]:
    """Empty answers, then answers far too long, then numbers and dates out of range."""
    kept = {f.name: f.choices[0] for f in fields if f.choices}
    return [
        {f.name: "" for f in fields},
        {**{f.name: "x" * 5000 for f in fields}, **kept},
        {**{f.name: "-1" if f.kind == "number" else "2026-02-30" for f in fields}, **kept},
    ]


@pytest.mark.parametrize("endpoint", form_routes(TABLE))
def test_a_form_with_errors_shows_one_summary_linked_to_each_field(app, factories, endpoint):
    target = target_for(app, factories, TABLE, endpoint)
    # A form with several submit buttons is sent with its "Submit" one (not "Save draft").
    page = target.client.get(target.url).get_data(as_text=True)
    button = {"action": "submit"} if 'name="action" value="submit"' in page else {}
    summarised = False
    for data in bad_inputs(target.fields):
        sent = {**data, **button, "csrf_token": target.token}
        response = target.client.post(target.url, data=sent)
        if response.mimetype != "text/html" or 300 <= response.status_code < 400:
            continue
        html = response.get_data(as_text=True)
        assert summary_problems(html) == [], f"{endpoint} with {sorted(data)[:6]}"
        summarised = summarised or "data-error-summary" in html
    if endpoint in MUST_SUMMARISE:
        assert summarised, f"{endpoint} refused nothing field by field"


def test_the_summary_check_finds_what_it_should():
    good = (
        '<div data-error-summary><a href="#name">Name: required</a></div>'
        '<div class="field"><input id="name" aria-invalid="true"><p class="error">x</p></div>'
    )
    assert summary_problems(good) == []
    group = (
        '<div data-error-summary><a href="#days-group">Days: pick one</a></div>'
        '<fieldset id="days-group"><ul id="days"><li><input id="days-0" aria-invalid="true">'
        "</li></ul></fieldset>"
    )
    assert summary_problems(group) == []
    assert summary_problems('<input id="a" aria-invalid="true">') == [
        "0 error summaries on a page with errors"
    ]
    unlinked = (
        '<div data-error-summary><a href="#a">A</a></div>'
        '<input id="a" aria-invalid="true"><input id="b" aria-invalid="true">'
    )
    assert summary_problems(unlinked) == ["invalid field b is not linked from the summary"]
    late = '<input id="a" aria-invalid="true"><div data-error-summary><a href="#a">A</a></div>'
    assert summary_problems(late) == ["the summary comes after the first error"]
    assert summary_problems("<form><input id='a'></form>") == []
