"""An organisation's own homework template in Spanish: built, checked, copied and answered."""

from __future__ import annotations

from typing import Any

from groupapp.db import db
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.models import Assignment, HomeworkTemplate, Submission
from tests.homework.builder_support import form_of, press
from tests.homework.support import logout, post
from tests.homework.test_homework_templates import _clone

NEW = "/homework/templates/new"
QUESTIONS = """
- key: what_happened
  type: long_text
  label: What happened
  help: One or two sentences.
  required: true
- key: calm
  type: scale
  label: How calm I felt
  min_label: Not at all
  max_label: Completely
- key: said_no
  type: single_choice
  label: Did you say no?
  choices:
    - {value: "yes", label: "Yes"}
    - {value: "not_yet", label: "Not yet"}
- key: moments
  type: repeating_group
  label: Moments
  entry_label: Moment
  max_entries: 3
  fields:
    - {key: when, type: short_text, label: When}
"""
SPANISH = {
    "es_title": "Decir que no",
    "f0__es_label": "Qué pasó",
    "f0__es_help": "Una o dos frases.",
    "f1__es_label": "Qué tan tranquilo me sentí",
    "f1__es_min_label": "Nada",
    "f1__es_max_label": "Totalmente",
    "f2__es_label": "¿Dijo que no?",
    "f2c0__es_label": "Sí",
    "f2c1__es_label": "Todavía no",
    "f3__es_label": "Momentos",
    "f3__es_entry_label": "Momento",
    "f3s0__es_label": "Cuándo",
}


def _imported(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get(NEW).get_data(as_text=True)
    step = press(client, NEW, page, "import", title="Saying no", import_yaml=QUESTIONS)
    assert step.status_code == 200
    return step.get_data(as_text=True)


def _build_spanish_template(client) -> HomeworkTemplate:  # type: ignore[no-untyped-def]
    saved = press(client, NEW, _imported(client), "save", **SPANISH)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    template = db.session.scalars(
        db.select(HomeworkTemplate).order_by(HomeworkTemplate.id.desc())
    ).first()
    assert template is not None
    return template


def test_a_started_spanish_version_names_every_missing_word(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = _imported(client)
    assert 'name="f1-es_min_label"' in page
    assert 'name="f2c1-es_label"' in page
    assert 'name="f3s0-es_label"' in page
    typed = {"es_title": "Decir que no", "f2c0__es_label": "Sí"}
    refused = press(client, NEW, page, "save", **typed)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    for missing in (
        "Question 1 “What happened”, question in Spanish: missing",
        "Question 1 “What happened”, help text in Spanish: missing",
        "Question 2 “How calm I felt”, words for the lowest number in Spanish: missing",
        "Question 3 “Did you say no?”, choice 2 in Spanish: missing",
        "Question 4 “Moments”, name of one entry in Spanish: missing",
        "Question 4, part 1 “When”, question in Spanish: missing",
    ):
        assert missing in text, missing
    # Nothing typed is lost, and nothing was saved.
    assert form_of(text)["es_title"] == "Decir que no"
    assert form_of(text)["f2c0-es_label"] == "Sí"
    assert db.session.scalar(db.select(db.func.count(HomeworkTemplate.id))) == 0


def test_the_spanish_version_is_saved_and_shown_again(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _build_spanish_template(client)
    spanish = template.translations["es"]
    assert spanish["title"] == "Decir que no"
    assert spanish["fields"]["calm"] == {
        "label": "Qué tan tranquilo me sentí",
        "min_label": "Nada",
        "max_label": "Totalmente",
    }
    assert spanish["fields"]["said_no"]["choices"] == {"yes": "Sí", "not_yet": "Todavía no"}
    assert spanish["fields"]["moments"]["fields"] == {"when": {"label": "Cuándo"}}
    url = f"/homework/templates/{template.id}/edit"
    edit = client.get(url).get_data(as_text=True)
    assert form_of(edit)["f3s0-es_label"] == "Cuándo"
    # Moving a question takes its Spanish words along.
    moved = press(client, url, edit, "up:f1").get_data(as_text=True)
    assert form_of(moved)["f0-es_label"] == "Qué tan tranquilo me sentí"
    # Removing the Spanish version leaves an English-only template.
    cleared = press(client, url, moved, "clear_spanish").get_data(as_text=True)
    assert "es_label" not in "".join(k for k, v in form_of(cleared).items(multi=True) if v)
    assert press(client, url, cleared, "save").status_code == 302
    db.session.expire_all()
    assert db.session.get(HomeworkTemplate, template.id).translations is None


def test_a_copy_of_a_built_in_keeps_spanish_for_the_questions_left_unchanged(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _clone(client, "builtin:dear-man-planner")
    spanish = template.translations["es"]
    assert spanish["title"] == "Plan de guion DEAR MAN (copia)"
    assert spanish["fields"]["situation"]["label"] == "La conversación que estoy planeando"
    # A copy made before copies carried Spanish, with one question changed since: the
    # builder starts from the built-in's Spanish for every question still as it was.
    fields: list[dict[str, Any]] = [dict(item) for item in template.fields]
    fields[1]["label"] = "My aim"
    template.fields, template.translations = fields, None
    db.session.commit()
    url = f"/homework/templates/{template.id}/edit"
    page = client.get(url).get_data(as_text=True)
    typed = form_of(page)
    assert typed["f0-es_label"] == "La conversación que estoy planeando"
    assert typed["f1-es_label"] == ""
    assert typed["es_title"] == "Plan de guion DEAR MAN (copia)"
    refused = press(client, url, page, "save")
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Question 2 “My aim”, question in Spanish: missing" in text
    assert "Question 1 “The conversation" not in text
    saved = press(client, url, text, "save", f1__es_label="Mi objetivo")
    assert saved.status_code == 302
    db.session.expire_all()
    stored = db.session.get(HomeworkTemplate, template.id).translations["es"]["fields"]
    assert stored["objective"]["label"] == "Mi objetivo"
    english = load_builtin_templates()["dear-man-planner"]
    assert set(stored) == {item.key for item in english.fields}


def test_a_spanish_member_answers_an_own_template_and_staff_review_in_english(  # type: ignore[no-untyped-def]
    hw, client, login, csrf
):
    login(hw.facilitator)
    template = _build_spanish_template(client)
    post(
        client,
        f"/homework/cohorts/{hw.cohort.id}/assign",
        {"template": f"own:{template.id}", "audience": "cohort", "due_kind": "none"},
    )
    assignment = db.session.scalar(db.select(Assignment))
    assert assignment.translations["es"]["title"] == "Decir que no"
    # The template's next version does not change what was given.
    template.translations = None
    db.session.commit()
    logout(client)
    hw.alice.locale = "es"
    db.session.commit()
    sub = db.session.scalar(db.select(Submission).where(Submission.user_id == hw.alice.id))
    login(hw.alice)
    assert "Decir que no" in client.get("/homework/").get_data(as_text=True)
    url = f"/homework/{sub.id}"
    page = client.get(url).get_data(as_text=True)
    for words in ("Qué pasó", "Una o dos frases.", "Totalmente", "Todavía no", "Cuándo"):
        assert words in page, words
    assert "What happened" not in page
    refused = client.post(url, data={"csrf_token": csrf(url), "action": "submit", "calm": "3"})
    assert refused.status_code == 422
    assert "Qué pasó: complete este campo" in refused.get_data(as_text=True)
    answers = {
        "csrf_token": csrf(url),
        "action": "submit",
        "what_happened": "Dije que no a mi hermana.",
        "calm": "7",
        "said_no": "not_yet",
        "moments-0-when": "El lunes",
    }
    assert client.post(url, data=answers).status_code in (200, 302)
    db.session.expire_all()
    handed_in = db.session.get(Submission, sub.id)
    assert handed_in.status == "submitted"
    assert handed_in.answers["what_happened"] == "Dije que no a mi hermana."
    assert handed_in.answers["said_no"] == "not_yet"
    logout(client)
    login(hw.facilitator)
    review = client.get(f"{url}/review").get_data(as_text=True)
    for words in ("Saying no", "What happened", "Dije que no a mi hermana.", "Not yet"):
        assert words in review, words
    assert "Qué pasó" not in review


def test_a_title_changed_when_assigning_stays_in_the_facilitators_words(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    template = _build_spanish_template(client)
    post(
        client,
        f"/homework/cohorts/{hw.cohort.id}/assign",
        {
            "template": f"own:{template.id}",
            "audience": "cohort",
            "due_kind": "none",
            "title": "Week 3: saying no",
        },
    )
    assignment = db.session.scalar(db.select(Assignment))
    assert assignment.translations["es"]["title"] == "Week 3: saying no"
    assert assignment.translations["es"]["fields"]["what_happened"]["label"] == "Qué pasó"


def test_the_remove_spanish_button_shows_only_once_spanish_is_typed(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    remove = 'value="clear_spanish"'
    page = client.get(NEW).get_data(as_text=True)
    assert remove not in page
    blank = press(client, NEW, page, "preview", f0__label="Why", es_title="  ")
    assert remove not in blank.get_data(as_text=True)
    question = press(client, NEW, page, "preview", f0__label="Why", f0__es_label="Por qué")
    assert remove in question.get_data(as_text=True)
    title = press(client, NEW, page, "preview", f0__label="Why", es_title="Decir que no")
    assert remove in title.get_data(as_text=True)
    cleared = press(client, NEW, title.get_data(as_text=True), "clear_spanish")
    assert remove not in cleared.get_data(as_text=True)
