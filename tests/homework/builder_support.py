"""Submitting the template builder as a browser would: read the page's form, change, post."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict


class _BuilderForm(HTMLParser):
    """The successful controls of ``form#builder-form`` (no buttons), in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self.inside = False
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "builder-form":
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((name, a.get("value", "y" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._first_option, self._chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self.pairs.append((self._select, value))
                self._chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if not self._chosen and self._first_option is not None:
                self.pairs.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text).replace("\r\n", "\n")
            self.pairs.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None


def form_of(page: str) -> MultiDict[str, str]:
    """The builder form on ``page`` as the browser would post it (before any button)."""
    parser = _BuilderForm()
    parser.feed(page)
    return MultiDict(parser.pairs)


def press(client: FlaskClient, url: str, page: str, action: str, **changes: Any):  # type: ignore[no-untyped-def]
    """Post the builder form found on ``page`` with ``changes``, pressing button ``action``."""
    data = form_of(page)
    for name, value in changes.items():
        name = name.replace("__", "-")
        if value is None:
            data.poplist(name)
        else:
            data.setlist(name, [value] if isinstance(value, str) else list(value))
    data["action"] = action
    return client.post(url, data=data)
