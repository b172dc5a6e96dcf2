"""Email templates translate with the catalogue looked up once per email.

``render_email`` hands the templates ``gettext`` and ``ngettext`` bound to the current
language's catalogue instead of Flask-Babel's, which look it up at each call. Whatever
the language, and however often it changes between emails, the text must be what
Flask-Babel's own functions give, escaped the same way in HTML.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import current_app

from groupapp.core.i18n import force_locale
from groupapp.core.mail import render_email

PEOPLE = [SimpleNamespace(display_name="Zoë <Ana> & Co"), SimpleNamespace(display_name="Kim")]


def context(added: int, change: str, person: SimpleNamespace) -> dict[str, object]:
    return {
        "added": added,
        "change": change,
        "person": person,
        "cohort": SimpleNamespace(name="Límites & <sanos>", location="Sala 4", video_url=""),
        "meeting": SimpleNamespace(topic="", duration_minutes=90),
        "when": "martes 1 de diciembre, 18:00",
        "group_when": None,
        "previous_when": None,
        "link": "http://localhost/meetings/1",
        "reply_to": "lead@example.org",
        "organisation_name": "Riverside",
        "base_url": current_app.config["BASE_URL"],
    }


def with_babel(name: str, values: dict[str, object]) -> tuple[str, str]:
    """The text and HTML as the templates render with Flask-Babel's own functions."""
    env = current_app.jinja_env
    return (
        env.get_template(f"email/{name}.txt").render(values),
        env.get_template(f"email/{name}.html").render(values),
    )


@pytest.mark.parametrize(("added", "change"), [(1, "rescheduled"), (3, "added"), (1, "topic")])
def test_each_language_in_turn_reads_as_flask_babel_renders_it(app, added, change):
    with app.test_request_context():
        for locale in ["es", "en", "es", "en"]:
            for person in PEOPLE:
                values = context(added, change, person)
                with force_locale(locale):
                    content = render_email("meetings/meeting_changed", **values)
                    assert (content.text, content.html) == with_babel(
                        "meetings/meeting_changed", values
                    )
                if locale == "es":
                    assert "Hola" in content.text
                assert "Zoë &lt;Ana&gt; &amp; Co" in content.html or person.display_name == "Kim"
