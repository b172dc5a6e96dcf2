"""Facilitators browse, copy and edit templates; assignments keep their own copy."""

from __future__ import annotations

from groupapp.db import db
from groupapp.homework.models import Assignment, HomeworkTemplate
from tests.homework.builder_support import press
from tests.homework.support import logout, post

BROKEN_FIELDS = """
- key: note
  type: short_text
  label: Note
  max_length: 9999
- key: mood
  type: scale
  label: Mood
"""
GOOD_FIELDS = """
- key: note
  type: long_text
  label: What happened
  required: true
- key: mood
  type: scale
  label: Mood
  min_label: Low
  max_label: High
"""


def _clone(client, key: str = "builtin:boundary-setting-worksheet") -> HomeworkTemplate:  # type: ignore[no-untyped-def]
    response = post(client, f"/homework/templates/{key}/clone", {})
    assert response.status_code == 302
    template = db.session.scalars(
        db.select(HomeworkTemplate).order_by(HomeworkTemplate.id.desc())
    ).first()
    assert template is not None
    return template


def test_builtins_are_listed_and_previewed(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    listing = client.get("/homework/templates").get_data(as_text=True)
    for title in ("Boundary-setting worksheet", "Thought record", "DEAR MAN script planner"):
        assert title in listing
    preview = client.get("/homework/templates/builtin:thought-record").get_data(as_text=True)
    assert "Evidence against the thought" in preview
    assert f"Assign to {hw.cohort.name}" in preview
    assert client.get("/homework/templates/builtin:nope").status_code == 404


def test_clone_edit_and_assign_an_own_template(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _clone(client)
    assert template.title == "Boundary-setting worksheet (copy)"
    assert template.source_slug == "boundary-setting-worksheet"
    assert template.organisation_id == hw.world.org.id
    edit_page = client.get(f"/homework/templates/{template.id}/edit").get_data(as_text=True)
    assert 'value="situation"' in edit_page

    bad = _import(client, template, BROKEN_FIELDS, title="Our worksheet")
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "fields[0].max_length: Question 1 “Note”, longest answer: must be between 1 and " in page
    assert (
        "fields[1].min_label: Question 2 “Mood”, words for the lowest number: is required" in page
    )
    db.session.expire_all()
    assert db.session.get(HomeworkTemplate, template.id).title != "Our worksheet"

    response = _import_and_save(
        client, template, GOOD_FIELDS, title="Our worksheet", instructions="Use one example."
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(HomeworkTemplate, template.id)
    assert [f["key"] for f in saved.fields] == ["note", "mood"]

    post(
        client,
        f"/homework/cohorts/{hw.cohort.id}/assign",
        {"template": f"own:{template.id}", "audience": "cohort", "due_kind": "none"},
    )
    assignment = db.session.scalar(db.select(Assignment))
    assert (assignment.title, assignment.template_id) == ("Our worksheet", template.id)
    # Editing the template later does not change homework already given.
    _import_and_save(client, template, "- {key: other, type: date, label: When}", title="Renamed")
    db.session.expire_all()
    assert [f.key for f in db.session.get(Assignment, assignment.id).field_list()] == [
        "note",
        "mood",
    ]


def test_the_program_prefers_the_organisations_own_copy(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _clone(client, "builtin:saying-no-log")
    page = client.get(f"/homework/cohorts/{hw.cohort.id}/assign").get_data(as_text=True)
    assert f"template=own:{template.id}" in page.replace("%3A", ":")


def test_archived_templates_are_no_longer_offered(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _clone(client)
    post(client, f"/homework/templates/{template.id}/archive", {})
    listing = client.get("/homework/templates").get_data(as_text=True)
    assert "Boundary-setting worksheet (copy)" not in listing
    again = post(client, f"/homework/templates/{template.id}/archive", {}, follow_redirects=True)
    assert "already archived" in again.get_data(as_text=True)


def test_another_organisations_template_is_invisible(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _clone(client)
    stranger = hw.factories.user("facilitator")
    logout(client)
    login(stranger)
    assert client.get(f"/homework/templates/{template.id}/edit").status_code == 404
    assert client.get(f"/homework/templates/own:{template.id}").status_code == 404


def test_text_that_is_not_a_field_list_is_explained(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _clone(client)
    for text, message in (
        ("2026-02-30", "A value could not be read: for example a date that does not exist"),
        ("key: [unclosed", "The text could not be read as YAML near line 1."),
        ("just words", "fields: The questions: should be a list, not text"),
    ):
        response = _import(client, template, text)
        assert response.status_code == 422, text
        assert message in response.get_data(as_text=True)


def _import(client, template: HomeworkTemplate, text: str, **more: str):  # type: ignore[no-untyped-def]
    url = f"/homework/templates/{template.id}/edit"
    return press(
        client, url, client.get(url).get_data(as_text=True), "import", import_yaml=text, **more
    )


def _import_and_save(client, template: HomeworkTemplate, text: str, **more: str):  # type: ignore[no-untyped-def]
    """Import new questions and save them without a Spanish version (a copy of a built-in
    starts with one, which the new questions would have to complete)."""
    url = f"/homework/templates/{template.id}/edit"
    page = _import(client, template, text, **more).get_data(as_text=True)
    page = press(client, url, page, "clear_spanish").get_data(as_text=True)
    return press(client, url, page, "save")
