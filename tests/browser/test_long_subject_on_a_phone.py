"""A message subject typed as one long unbroken word wraps on a phone instead of pushing
the whole inbox sideways."""

from __future__ import annotations

import pytest

from groupapp.db import db
from groupapp.messaging.models import SUBJECT_MAX
from groupapp.messaging.threads import open_thread
from tests.conftest import PHONE, browser_login

pytestmark = pytest.mark.browser


def test_a_long_unbroken_subject_wraps_in_the_inbox(new_page, factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    lead = factories.user("facilitator", org=org)
    member = factories.user(org=org, locale="es")
    cohort = factories.cohort(org, facilitators=[lead], participants=[member])
    subject = "x" * SUBJECT_MAX
    open_thread(cohort, member, member, subject, "Hola")
    db.session.commit()

    page = new_page(**PHONE)
    browser_login(page, member.email)
    page.goto("/messages")
    link = page.get_by_role("link", name=subject)
    assert link.is_visible()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    box = link.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= widths[1]
