"""Every single-line form field strips line breaks and control characters."""

from __future__ import annotations

import re

import pytest
from flask_wtf import FlaskForm
from hypothesis import given
from hypothesis import strategies as st
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

from groupapp.core.text import multi_line, single_line

# Passwords are compared, never shown; hidden fields carry tokens the app wrote itself.
NOT_TYPED_TEXT = (TextAreaField, PasswordField, HiddenField)


def _forms() -> list[type[FlaskForm]]:
    found, queue = [], list(FlaskForm.__subclasses__())
    while queue:
        form = queue.pop()
        found.append(form)
        queue.extend(form.__subclasses__())
    return [form for form in found if form.__module__.startswith("groupapp.")]


def test_every_single_line_field_uses_the_filter(app):
    forms = _forms()
    assert len(forms) > 20
    missing = []
    for form in forms:
        for name in dir(form):
            field = getattr(form, name, None)
            if not isinstance(field, UnboundField):
                continue
            kind = field.field_class
            typed = issubclass(kind, StringField) and not issubclass(kind, NOT_TYPED_TEXT)
            if typed and single_line not in field.kwargs.get("filters", ()):
                missing.append(f"{form.__module__}.{form.__name__}.{name}")
    assert missing == [], "add filters=[single_line] (groupapp.core.text)"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Tuesday\r\ngroup", "Tuesday group"),
        ("  a\tb\x0b\x1bc \u2028", "a b c"),
        ("Zoë \u2013 ok", "Zoë \u2013 ok"),
        (None, None),
    ],
)
def test_single_line(typed, kept):
    assert single_line(typed) == kept


@given(st.text())
def test_single_line_and_multi_line_leave_no_breaking_character(text):
    one = single_line(text)
    assert one == single_line(one)
    assert not any(ch in one for ch in "\r\n\t\x0b\x0c\x1b\x85\u2028\u2029")
    assert re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", multi_line(text)) is None
