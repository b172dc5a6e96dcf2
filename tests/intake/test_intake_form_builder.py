"""The intake form is edited in the question builder: buttons, not YAML, and versions."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from groupapp.db import db
from groupapp.intake import services
from tests.homework.builder_support import form_of, press
from tests.intake.test_intake import COMPLETE, _world
from tests.trust.audit import assert_audited

PAGE = "/intake/form"
BUILTIN = 15  # questions in builtin_form.yaml


def _admin_page(world, factories, client, login) -> str:  # type: ignore[no-untyped-def]
    admin = factories.user("admin", org=world.org)
    login(admin)
    page = client.get(PAGE)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_builder_shows_the_current_questions_and_no_yaml_to_write(
    app, client, factories, login
) -> None:
    world = _world(factories)
    page = _admin_page(world, factories, client, login)
    data = form_of(page)
    assert data["f0-label"] == "What brings you to this group now?"
    assert data["f0-type"] == "long_text"
    assert data[f"f{BUILTIN - 1}-type"]
    assert f"f{BUILTIN}-type" not in data
    assert 'name="fields_yaml"' not in page  # the YAML box is only the advanced import
    assert "Publish a new version" in page


def test_add_move_remove_then_publish_a_version_members_see(app, client, factories, login) -> None:
    world = _world(factories, members=2)
    started = world.members[0]
    response = services.response_for(world.cohort.id, world.org.id, started.id)
    services.save_draft(response, MultiDict({"what_brings_you": "Started before the change"}))
    db.session.commit()
    page = _admin_page(world, factories, client, login)

    added = press(client, PAGE, page, "add:", new_type="single_choice")
    assert added.status_code == 200
    page = added.get_data(as_text=True)
    new = f"f{BUILTIN}"
    assert f'id="b-{new}-label"' in page
    assert "autofocus" in page
    page = press(
        client,
        PAGE,
        page,
        f"up:{new}",
        **{f"{new}__label": "How did you hear about the group?"},
        **{f"{new}c0__label": "A friend", f"{new}c1__label": "My doctor"},
    ).get_data(as_text=True)
    moved = f"f{BUILTIN - 1}"
    assert form_of(page)[f"{moved}-label"] == "How did you hear about the group?"
    assert f'id="b-{moved}-up" name="action" value="up:{moved}" autofocus' in page
    page = press(client, PAGE, page, "remove:f0").get_data(as_text=True)
    assert form_of(page)["f0-label"].startswith("What would you like to be different")

    published = press(client, PAGE, page, "save")
    assert published.status_code == 302
    assert_audited("intake.form.publish")
    current = services.current_form(world.org.id)
    assert current.version == 2
    fields = current.field_list()
    assert [f.key for f in fields][:1] == ["hoped_change"]
    assert "what_brings_you" not in [f.key for f in fields]
    heard = next(f for f in fields if f.key == "how_did_you_hear_about_the_group")
    assert [(c.value, c.label) for c in heard.choices] == [
        ("a_friend", "A friend"),
        ("my_doctor", "My doctor"),
    ]

    # The member who had started keeps version 1; a member starting now gets version 2.
    db.session.expire_all()
    kept = services.find_response(world.cohort.id, started.id)
    assert kept is not None
    assert kept.form_version.version == 1
    client.post("/logout", data={"csrf_token": form_of(page)["csrf_token"]})
    login(world.members[1])
    fill = client.get(f"/cohorts/{world.cohort.id}/intake").get_data(as_text=True)
    assert "How did you hear about the group?" in fill
    assert "What brings you to this group now?" not in fill


def test_a_refused_publish_names_the_question_and_keeps_everything_typed(
    app, client, factories, login
) -> None:
    world = _world(factories)
    page = _admin_page(world, factories, client, login)
    page = press(client, PAGE, page, "add:", new_type="scale").get_data(as_text=True)
    new = f"f{BUILTIN}"
    refused = press(
        client,
        PAGE,
        page,
        "save",
        f1__label="",
        f0__help="Typed help that must survive",
        **{f"{new}__label": "How hopeful are you?", f"{new}__min": "5", f"{new}__max": "two"},
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert 'id="b-f1-label-error"' in text
    assert "Question 2" in text
    assert "is required" in text
    assert f'id="b-{new}-max-error"' in text
    assert "enter a whole number" in text
    assert "Nothing was saved yet" in text
    kept = form_of(text)
    assert kept["f0-help"] == "Typed help that must survive"
    assert kept[f"{new}-label"] == "How hopeful are you?"
    assert kept[f"{new}-max"] == "two"
    assert services.current_form(world.org.id).version == 1


def test_yaml_stays_an_advanced_import_and_export(app, client, factories, login) -> None:
    world = _world(factories)
    page = _admin_page(world, factories, client, login)
    exported = press(client, PAGE, page, "export")
    assert exported.headers["Content-Type"].startswith("application/yaml")
    assert "what_brings_you" in exported.get_data(as_text=True)
    broken = press(client, PAGE, page, "import", import_yaml="- key: Bad Key\n  type: nope\n")
    assert broken.status_code == 422
    assert "Bad Key" in broken.get_data(as_text=True)
    imported = press(
        client, PAGE, page, "import", import_yaml="- {key: why, type: long_text, label: Why now}"
    )
    page = imported.get_data(as_text=True)
    assert form_of(page)["f0-label"] == "Why now"
    assert "f1-label" not in form_of(page)
    assert press(client, PAGE, page, "save").status_code == 302
    assert [f.key for f in services.current_form(world.org.id).field_list()] == ["why"]


def test_a_published_form_answers_the_same_as_before(app, client, factories, login) -> None:
    """Publishing the built-in questions unchanged keeps their keys and choice values."""
    world = _world(factories)
    page = _admin_page(world, factories, client, login)
    assert press(client, PAGE, page, "save").status_code == 302
    current = services.current_form(world.org.id)
    assert current.version == 2
    assert current.fields == [item.to_dict() for item in services.builtin_fields()]
    response = services.response_for(world.cohort.id, world.org.id, world.members[0].id)
    assert services.submit(response, MultiDict(COMPLETE)) == {}
