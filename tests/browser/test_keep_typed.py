"""Nothing typed is lost: in Chromium, every form that takes free text gets its text back
after an idle sign-out, on every page of the app.

The forms are found, not listed: every page in the access tables is opened as a person
allowed to see it, and each form the page script keeps (``data-keep-typed-active``) goes
through the journey: type, let the session go idle, submit, land on the login page, sign
in, come back to the same page, find the text in the form and a notice saying so.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask

from groupapp.db import db
from tests.browser.crawl import session_cookie, use_session
from tests.conftest import browser_login
from tests.support.factories import Factories
from tests.trust.tables import pages_to_visit

pytestmark = pytest.mark.browser
ACTIVE = "form[data-keep-typed-active]"
IDLE_KEYS = ("SESSION_IDLE_MINUTES_PARTICIPANT", "SESSION_IDLE_MINUTES_STAFF")
# The idle limit while a journey waits: short, so the sign-out is real but quick. Twice the
# limit passes between the last request and the submit.
IDLE_SECONDS = 0.05
TEXT_FIELDS = (
    "textarea, input:not([type]), input[type=text], input[type=email], input[type=url], "
    "input[type=number], input[type=search], input[type=tel]"
)
# Forms the issue names; the journey must have covered each of them.
MUST_COVER = {
    "meetings.detail",  # meeting notes
    "homework.review",  # review comments
    "assessments.answer",  # check-in answers
    "homework.template_edit",  # the template editor
    "privacy.edit_notice",  # the privacy notice editor
    "accounts.settings",  # name and time zone
}


def _sample(kind: str, n: int) -> str:
    return {
        "email": f"kept{n}@example.com",
        "url": f"https://example.org/kept-{n}",
        "number": str(n + 2),
    }.get(kind, f"Kept words {n}: naïve café, ünïcode ✓")


def _type_into(form: Any) -> dict[int, str]:
    """Fill every visible text field of ``form``; answer each question by choosing."""
    typed: dict[int, str] = {}
    fields = form.locator(TEXT_FIELDS)
    for i in range(fields.count()):
        field = fields.nth(i)
        if not field.is_visible() or not field.is_editable():
            continue
        kind = field.get_attribute("type") or "text"
        if field.get_attribute("autocomplete") == "one-time-code":
            continue
        typed[i] = _sample(kind, i)
        field.fill(typed[i])
    radios = form.locator("input[type=radio]")
    names = []
    for i in range(radios.count()):
        name = radios.nth(i).get_attribute("name")
        if name not in names:
            names.append(name)
            radios.nth(i).check()
    return typed


def _journey(app: Flask, page: Any, path: str, index: int, email: str) -> list[str]:
    """Run the journey for form ``index`` on ``path``; return what went wrong."""
    problems: list[str] = []
    page.context.clear_cookies()
    browser_login(page, email)
    page.goto(path)
    form = page.locator(ACTIVE).nth(index)
    typed = _type_into(form)
    chosen = form.locator("input[type=radio]:checked").count()
    limits = {key: app.config[key] for key in IDLE_KEYS}
    app.config.update(dict.fromkeys(IDLE_KEYS, IDLE_SECONDS / 60))
    try:
        time.sleep(2 * IDLE_SECONDS)
        form.evaluate("f => f.requestSubmit()")
        page.wait_for_url("**/login**")
    finally:
        app.config.update(limits)
    if not page.get_by_text("kept on this device").is_visible():
        problems.append("no notice on the login page")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(Factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    here = page.evaluate("() => location.pathname + location.search")
    if here != path:
        problems.append(f"came back to {here}")
        page.goto(path)
    form = page.locator(ACTIVE).nth(index)
    fields = form.locator(TEXT_FIELDS)
    for i, value in typed.items():
        if fields.nth(i).input_value() != value:
            problems.append(f"field {i} lost {value!r}")
    if form.locator("input[type=radio]:checked").count() != chosen:
        problems.append("the chosen answers were lost")
    if not page.get_by_text("You were signed out before this was saved").is_visible():
        problems.append("no notice beside the restored form")
    return problems


def test_every_form_that_takes_text_gets_it_back_after_an_idle_sign_out(
    app, factories, new_page, live_server
):
    page = new_page()
    covered: set[str] = set()
    failures: list[str] = []
    for endpoint, path, world, actor in pages_to_visit(app, factories):
        db.session.commit()
        email = world.users[actor].email
        # Finding the forms needs only a session; each journey signs in through the form.
        use_session(page.context, live_server, session_cookie(app, world.users[actor]))
        response = page.goto(path)
        if response is None or response.status != 200:
            continue
        if page.evaluate("() => location.pathname + location.search") != path:
            continue  # the page sent this person elsewhere (nothing to type here)
        for index in range(page.locator(ACTIVE).count()):
            problems = _journey(app, page, path, index, email)
            failures += [f"{endpoint} form {index}: {p}" for p in problems]
            covered.add(endpoint)
    assert failures == []
    assert covered >= MUST_COVER, f"not reached: {MUST_COVER - covered}"
