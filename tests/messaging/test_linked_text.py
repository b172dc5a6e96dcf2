"""People's text is shown escaped, with line breaks, and only http(s) addresses as links."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.messaging.dashboard import linked_text

TAG = re.compile(r"<[^>]*>")


def test_addresses_become_links_without_trailing_punctuation():
    html = str(linked_text("See https://example.org/a?b=1&c=2.\nThen <b>bold</b>"))
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">' in html
    assert "</a>.<br>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_other_schemes_stay_text():
    html = str(linked_text("javascript:alert(1) and data:text/html,x"))
    assert "<a" not in html


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_makes_only_links_and_line_breaks(text: str):
    html = str(linked_text(text))
    for tag in TAG.findall(html):
        assert tag in ("<br>", "</a>") or tag.startswith('<a href="http'), tag
    for href in re.findall(r'<a href="([^"]*)"', html):
        assert href.startswith(("http://", "https://"))
        assert "<" not in href
        assert '"' not in href


@given(st.lists(st.text(alphabet="abc <>&\"'", max_size=20), max_size=5))
def test_the_visible_text_is_what_was_typed(lines: list[str]):
    text = "\n".join(lines)
    html = str(linked_text(text))
    visible = TAG.sub("", html.replace("<br>\n", "\n"))
    unescaped = (
        visible.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
    )
    assert unescaped == "\n".join(text.splitlines())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=400))
def test_any_message_text_is_kept_as_typed_or_refused_with_a_reason(factories, text: str):
    from groupapp.core.text import multi_line
    from groupapp.db import db
    from groupapp.messaging import threads
    from tests.messaging.support import open_thread

    org = factories.org()
    lead = factories.user("facilitator", org=org)
    member = factories.user("participant", org=org)
    thread = open_thread(factories.cohort(org, [lead], [member]), member)
    if not multi_line(text).strip():
        with pytest.raises(threads.MessageRefused, match=r"Write a message before sending it\."):
            threads.write(thread, lead, text)
        db.session.rollback()
        return
    message = threads.write(thread, lead, text)
    db.session.commit()
    assert message.body == multi_line(text).strip()
    assert "\r" not in message.body
