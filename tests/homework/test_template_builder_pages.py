"""The builder page: a template built with buttons alone, saved as versions, YAML in and out."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from groupapp.db import db
from groupapp.homework.fields import parse_fields
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.models import Assignment, HomeworkTemplate
from tests.homework.builder_support import form_of, press
from tests.homework.support import logout, post
from tests.homework.test_homework_templates import _clone
from tests.trust.audit import assert_audited

NEW = "/homework/templates/new"


def _latest() -> HomeworkTemplate:
    template = db.session.scalars(
        sa.select(HomeworkTemplate).order_by(HomeworkTemplate.id.desc())
    ).first()
    assert template is not None
    return template


def _ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_a_template_is_built_from_scratch_with_buttons_only(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = client.get(NEW).get_data(as_text=True)
    assert "New homework template" in page
    assert 'name="f0-label"' in page
    step = press(
        client,
        NEW,
        page,
        "add:",
        title="Saying no",
        f0__label="What was asked?",
        f0__required="y",
        new_type="single_choice",
    )
    page = step.get_data(as_text=True)
    # Everything typed so far is still in the form, and the new question is ready to fill.
    assert form_of(page)["title"] == "Saying no"
    assert form_of(page)["f0-label"] == "What was asked?"
    assert form_of(page)["f0-required"] == "y"
    assert 'id="b-f1-label"' in page
    assert "autofocus" in page
    step = press(client, NEW, page, "add_choice:f1", f1__label="What did you say?")
    page = step.get_data(as_text=True)
    assert 'id="b-f1c2-label"' in page
    step = press(
        client,
        NEW,
        page,
        "add:",
        f1c0__label="Yes",
        f1c1__label="No",
        f1c2__label="Not yet",
        new_type="scale",
    )
    page = step.get_data(as_text=True)
    # The preview shows the finished questions as a participant's form does.
    assert 'id="hw-what_was_asked"' in page
    assert 'value="not_yet"' in page
    step = press(client, NEW, page, "up:f2", f2__label="How hard was it?", f2__min_label="Easy")
    page = step.get_data(as_text=True)
    assert form_of(page)["f1-label"] == "How hard was it?"
    step = press(client, NEW, page, "save", f1__max_label="Very hard", summary="After a request")
    assert step.status_code == 302
    template = _latest()
    assert step.headers["Location"].endswith(f"/homework/templates/own:{template.id}")
    assert (template.title, template.version, template.created_by_id) == (
        "Saying no",
        1,
        hw.facilitator.id,
    )
    fields = parse_fields(template.fields)
    assert [(f.key, f.type) for f in fields] == [
        ("what_was_asked", "short_text"),
        ("how_hard_was_it", "scale"),
        ("what_did_you_say", "single_choice"),
    ]
    assert fields[0].required
    assert fields[1].max_label == "Very hard"
    assert [c.value for c in fields[2].choices] == ["yes", "no", "not_yet"]
    assert_audited("homework.template.create", actor=hw.facilitator, object=template)


def test_problems_are_listed_at_the_top_and_link_to_their_inputs(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = client.get(NEW).get_data(as_text=True)
    page = press(client, NEW, page, "add:", new_type="single_choice").get_data(as_text=True)
    response = press(client, NEW, page, "save", f0__max_length="9999", f1c0__label="Only one")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    summary = page.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    links = re.findall(r'href="#([^"]+)"', summary)
    assert set(links) <= _ids(page)
    for words in (
        "Title: This field is required.",
        "Question 1, question: is required",
        "Question 1, longest answer: must be between 1 and 500, got 9999",
        "Question 2, choices: needs at least 2",
    ):
        assert words in page
    assert 'aria-invalid="true" aria-describedby="b-f0-max_length-error"' in page
    assert form_of(page)["f1c0-label"] == "Only one"  # nothing typed is lost
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HomeworkTemplate)) == 0


@pytest.mark.parametrize("slug", sorted(load_builtin_templates()))
def test_saving_a_copy_unchanged_keeps_every_question_and_counts_a_version(hw, client, login, slug):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _clone(client, f"builtin:{slug}")
    url = f"/homework/templates/{template.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Version 1." in page
    response = press(client, url, page, "save")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(HomeworkTemplate, template.id)
    assert parse_fields(saved.fields) == load_builtin_templates()[slug].fields
    assert saved.version == 2
    assert_audited("homework.template.update", actor=hw.facilitator, object=saved)


def test_homework_given_keeps_its_version_when_the_template_changes(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _clone(client, "builtin:saying-no-log")
    url = f"/homework/templates/{template.id}/edit"
    press(client, url, client.get(url).get_data(as_text=True), "save")
    post(
        client,
        f"/homework/cohorts/{hw.cohort.id}/assign",
        {"template": f"own:{template.id}", "audience": "cohort", "due_kind": "none"},
    )
    assignment = db.session.scalar(sa.select(Assignment))
    assert (assignment.template_id, assignment.template_version) == (template.id, 2)
    before = assignment.field_list()
    page = client.get(url).get_data(as_text=True)
    page = press(client, url, page, "remove:f0", title="Shorter log").get_data(as_text=True)
    assert press(client, url, page, "save").status_code == 302
    db.session.expire_all()
    assert db.session.get(HomeworkTemplate, template.id).version == 3
    assert db.session.get(Assignment, assignment.id).field_list() == before
    listing = client.get("/homework/templates").get_data(as_text=True)
    assert "Your organisation, version 3" in listing
    review = client.get(f"/homework/{assignment.submissions[0].id}/review")
    assert "questions as in version 2 of the template" in review.get_data(as_text=True)
    assert 'href="/homework/templates/new"' in listing


def test_yaml_import_replaces_the_questions_to_check_before_saving(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = client.get(NEW).get_data(as_text=True)
    broken = press(client, NEW, page, "import", import_yaml="- key: a\n  label: b: c")
    assert broken.status_code == 422
    text = broken.get_data(as_text=True)
    assert "could not be read as YAML near line 2" in text
    assert "mapping values" not in text
    assert form_of(text)["import_yaml"] == "- key: a\n  label: b: c"  # kept to correct
    wrong = press(
        client, NEW, text, "import", import_yaml="- {key: n, type: short_text, label: N, x: 1}"
    )
    assert "fields[0].x: Question 1 “N”, x: unknown key" in wrong.get_data(as_text=True)
    good = press(
        client,
        NEW,
        text,
        "import",
        import_yaml="- {key: mood, type: scale, label: Mood, min_label: Low, max_label: High}",
    )
    page = good.get_data(as_text=True)
    assert good.status_code == 200
    assert form_of(page)["f0-key"] == "mood"
    assert "Imported 1 question. Check it, then save." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HomeworkTemplate)) == 0
    exported = press(client, NEW, page, "export")
    assert exported.headers["Content-Type"].startswith("application/yaml")
    assert "attachment" in exported.headers["Content-Disposition"]
    again = press(client, NEW, page, "import", import_yaml=exported.get_data(as_text=True))
    assert form_of(again.get_data(as_text=True))["f0-max_label"] == "High"


def test_hostile_yaml_is_refused_with_a_short_page(hw, client, login):  # type: ignore[no-untyped-def]
    from tests.core.test_safe_data import repeated_anchor

    login(hw.facilitator)
    page = client.get(NEW).get_data(as_text=True)
    thousand_by_thousand = "".join(
        f"- {{key: k{i}, type: nonsense, label: [{', '.join(['x'] * 5)}]}}\n" for i in range(1000)
    )[:60000]
    for text, expected in (
        (repeated_anchor(3000), "once its aliases are expanded"),
        ("[" * 20_000, "nested more than"),
        (thousand_by_thousand, "more problems"),
    ):
        # The loader's caps (expanded values, depth, problems listed) bound the work.
        response = press(client, NEW, page, "import", import_yaml=text, title="T")
        assert response.status_code == 422
        answer = response.get_data(as_text=True)
        assert expected in answer
        assert len(answer) < 250_000


def test_a_posted_form_of_any_size_is_bounded(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = client.get(NEW).get_data(as_text=True)
    many = {f"f{i}__type": "date" for i in range(500)}
    many |= {f"f{i}__label": f"Day {i}" for i in range(500)}
    response = press(client, NEW, page, "save", title="Many", **many)
    assert response.status_code == 422
    assert "has 45 fields; at most 40 are allowed" in response.get_data(as_text=True)


def test_the_script_gets_only_the_preview(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    data = form_of(client.get(NEW).get_data(as_text=True))
    for name, value in (("f0-label", "A thought"), ("instructions", "Take your time")):
        data[name] = value
    data["action"] = "preview"
    response = client.post(
        NEW, data=data, headers={"X-Builder-Preview": "1", "Accept": "application/json"}
    )
    fragment = response.get_json()["html"]
    # Signed out meanwhile: the script is told so, and the page keeps what was typed.
    logout(client)
    gone = client.post(
        NEW, data=data, headers={"X-Builder-Preview": "1", "Accept": "application/json"}
    )
    assert (gone.status_code, gone.get_json()["error"]) == (401, "signed_out")
    assert fragment.lstrip().startswith('<div class="builder-phone"')
    assert 'id="hw-a_thought"' in fragment
    assert "Take your time" in fragment


def _grow(hw, templates: int, questions: int) -> HomeworkTemplate:  # type: ignore[no-untyped-def]
    items = [
        {"key": f"q{i}", "type": "single_choice", "label": f"Question {i}"}
        | {"choices": [{"value": f"c{j}", "label": f"Choice {j}"} for j in range(4)]}
        for i in range(questions)
    ]
    made = []
    for number in range(templates):
        made.append(
            HomeworkTemplate(
                organisation_id=hw.world.org.id, title=f"T{number}", fields=items, version=number
            )
        )
    db.session.add_all(made)
    db.session.commit()
    return made[-1]


def test_the_builder_runs_a_fixed_number_of_statements(hw, client, login, count_queries):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    counts = []
    for templates, questions in ((1, 2), (6, 30)):
        template = _grow(hw, templates, questions)
        url = f"/homework/templates/{template.id}/edit"
        for path in (url, NEW):
            client.get(path)
            with count_queries() as statements:
                page = client.get(path)
            assert page.status_code == 200
            counts.append((path == NEW, len(statements)))
        page_text = client.get(url).get_data(as_text=True)
        assert page_text.count('class="builder-question"') == questions
        with count_queries() as statements:
            assert press(client, url, page_text, "down:f0").status_code == 200
        counts.append(("post", len(statements)))
    assert counts[:3] == counts[3:]


def test_changing_a_type_without_a_script_keeps_what_was_typed(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = client.get(NEW).get_data(as_text=True)
    choice = press(client, NEW, page, "preview", f0__type="single_choice", f0__max_length="120")
    page = choice.get_data(as_text=True)
    assert 'id="b-f0c1-label"' in page  # two choices to type into
    assert 'id="b-f0-max_length"' not in page
    page = press(client, NEW, page, "preview", f0c0__label="Yes", f0__type="short_text")
    back = form_of(page.get_data(as_text=True))
    assert (back["f0-max_length"], back["f0c0-label"]) == ("120", "Yes")


def test_changing_short_text_to_long_text_gives_the_long_default(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = client.get(NEW).get_data(as_text=True)
    assert form_of(page)["f0-max_length"] == "200"
    longer = press(client, NEW, page, "type:f0", f0__type="long_text")
    back = form_of(longer.get_data(as_text=True))
    assert back["f0-max_length"] == "4000"
    chosen = press(client, NEW, longer.get_data(as_text=True), "type:f0", f0__max_length="300")
    chosen = press(client, NEW, chosen.get_data(as_text=True), "type:f0", f0__type="short_text")
    assert form_of(chosen.get_data(as_text=True))["f0-max_length"] == "300"
