"""A confirm step before an action that cannot be undone, with or without a script.

The button that starts the action posts its form as usual. Without a script the view
answers with a page that names what will happen and posts the same form again with
``confirmed=yes``; with a script the browser asks first and adds that field itself
(``data-confirm`` in static/js/app.js), so the page is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request

CONFIRM_FIELD = "confirmed"


@dataclass(frozen=True)
class Confirmation:
    """What the confirm page says: ``question`` as its heading, ``consequence`` in plain
    words, ``yes`` on the button that goes ahead, ``back`` (a path) for the way out."""

    question: str
    consequence: str
    yes: str
    back: str


def confirmed() -> bool:
    """Whether this POST already carries the person's confirmation."""
    return request.form.get(CONFIRM_FIELD) == "yes"


def confirm_page(confirmation: Confirmation) -> str:
    """The page that asks; it posts the same fields (and a fresh CSRF token) back to the
    same address. Call it only after the caller's access check: it names the object."""
    carried = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in ("csrf_token", CONFIRM_FIELD)
    ]
    return render_template(
        "core/confirm.html", confirmation=confirmation, carried=carried, action=request.path
    )
