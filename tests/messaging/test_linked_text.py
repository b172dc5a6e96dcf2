"""People's text is shown escaped, with line breaks, and only http(s) addresses as links."""

from __future__ import annotations

import re

from hypothesis import given
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
