"""Long texts written with line breaks flow as paragraphs on any screen width."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from groupapp.core.template_helpers import paragraphs

NOTICE = (
    "We keep your answers private to your facilitators\n"
    "and the organisation's admin.\n"
    "\n"
    "You can ask us to:\n"
    "- see everything we hold\n"
    "- delete it\n"
)


def test_hard_line_breaks_inside_a_paragraph_become_spaces():
    html = str(paragraphs(NOTICE))
    assert "<p>We keep your answers private to your facilitators and the organisation" in html
    assert "<br" not in html
    assert (
        "<p>You can ask us to:</p><ul><li>see everything we hold</li><li>delete it</li></ul>"
        in (html.replace("\n", ""))
    )


@given(st.text())
def test_any_text_is_escaped_and_keeps_its_words(text):
    html = str(paragraphs(text))
    # Only our own tags appear; every character the person typed is escaped.
    assert not re.search(r"<(?!/?(p|ul|li)>)", html)
    shown = re.sub(r"<[^>]+>", " ", html)
    for word in re.findall(r"[A-Za-z0-9]+", text):
        assert word in shown
