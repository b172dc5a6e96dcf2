"""Before assigning, the facilitator sees what the members will receive: the email and the
homework page; nothing is written or sent until they choose Assign."""

from __future__ import annotations

import html

from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.homework.models import Assignment
from groupapp.homework.template_services import find_choice
from tests.homework.support import assign_form

_assign = assign_form


def _written() -> tuple[int, int]:
    return (
        db.session.scalar(db.select(db.func.count()).select_from(Assignment)) or 0,
        db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) or 0,
    )


def test_the_preview_shows_the_email_and_the_page_and_sends_nothing(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    before = _written()
    response = _assign(client, hw, action="preview", title="Thoughts before week 2")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert _written() == before

    preview = page[
        page.index('id="preview"') : page.index("</section>", page.index('id="preview"'))
    ]
    assert "Nothing has been sent yet" in preview
    assert f"It goes to 2 members: {hw.alice.display_name}, {hw.bob.display_name}" in preview
    # The email, as the first recipient reads it, due at meeting 2 in their own zone.
    assert "Subject:</span> New homework: Thoughts before week 2" in preview
    assert f"Hello {hw.alice.display_name}," in preview
    assert "It is due" in preview
    # The homework page: every question of the template, not answerable here.
    choice = find_choice(hw.cohort.organisation_id, "builtin:thought-record")
    assert choice is not None
    for item in choice.fields:
        assert item.label in preview
    assert '<fieldset disabled class="hw-preview">' in preview
    # The form keeps what was typed, ready to assign.
    assert 'value="Thoughts before week 2"' in page

    assert _assign(client, hw, action="assign", title="Thoughts before week 2").status_code == 302
    assert db.session.scalar(db.select(Assignment.title)) == "Thoughts before week 2"


def test_the_preview_names_only_the_chosen_members(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = _assign(
        client, hw, action="preview", audience="members", members=str(hw.bob.id)
    ).get_data(as_text=True)
    assert f"It goes to 1 member: {hw.bob.display_name}." in html.unescape(page)
    assert f"Hello {hw.bob.display_name}," in html.unescape(page)


def test_a_preview_with_problems_shows_them_and_no_preview(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = _assign(client, hw, action="preview", meeting_number="").get_data(as_text=True)
    assert "Choose the meeting it is due before." in page
    assert 'id="preview"' not in page
    assert _written() == (0, 0)


def test_the_due_parts_of_the_form_follow_the_choice_without_a_script(hw, client, login):  # type: ignore[no-untyped-def]
    """Each option's fields carry data-shown-when, and the stylesheet hides them while
    another option is checked (:has), so the page needs no script to show only them."""
    login(hw.facilitator)
    page = client.get(f"/homework/cohorts/{hw.cohort.id}/assign").get_data(as_text=True)
    with client.get("/static/css/app.css") as response:
        css = response.get_data(as_text=True)
    for rule in ("due_kind=meeting", "due_kind=time", "audience=members"):
        name, value = rule.split("=")
        assert f'data-shown-when="{rule}"' in page
        hides = (
            f'form:has(input[name="{name}"][value="{value}"]:not(:checked)) '
            f'[data-shown-when="{rule}"]'
        )
        assert hides in css
