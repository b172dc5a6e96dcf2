"""Built-in homework in Spanish: complete translation files, and what each reader sees."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from groupapp.core.safe_data import load_yaml
from groupapp.db import db
from groupapp.homework.fields import Field
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.services import set_sharing, submit
from groupapp.homework.translations import (
    builtin_in_language,
    parse_translation,
    shown_homework,
    shown_title,
    translation_path,
)
from groupapp.programs.catalog import SchemaError
from tests.homework.support import THOUGHT_RECORD, logout

SLUGS = sorted(load_builtin_templates())


def _without_words(fields: tuple[Field, ...]) -> list[Any]:
    """The structure of fields (types, limits, choice values) with every word left out."""
    words = {"label", "help", "min_label", "max_label", "entry_label"}
    out = []
    for item in fields:
        data = {k: v for k, v in item.to_dict().items() if k not in words}
        data["choices"] = [c.value for c in item.choices]
        data["fields"] = _without_words(item.fields)
        out.append(data)
    return out


@pytest.mark.parametrize("slug", SLUGS)
def test_every_built_in_template_has_complete_spanish_words_only(slug: str) -> None:
    english = load_builtin_templates()[slug]
    spanish = builtin_in_language(slug, "es")
    assert spanish is not None
    assert _without_words(spanish.fields) == _without_words(english.fields)
    assert spanish.title != english.title
    assert all(a.label != b.label for a, b in zip(spanish.fields, english.fields, strict=True))


def _raw(slug: str) -> dict[str, Any]:
    return load_yaml(translation_path(slug, "es").read_text(encoding="utf-8"))


def test_missing_and_unknown_words_are_named_by_path() -> None:
    english = load_builtin_templates()["give-fast-reflection"]
    raw = _raw("give-fast-reflection")
    del raw["fields"]["conversation"]["help"]
    del raw["fields"]["give_skills"]["choices"]["gentle"]
    del raw["fields"]["next_time"]
    raw["fields"]["relationship_rating"]["colour"] = "rojo"
    raw["fields"]["nowhere"] = {"label": "?"}
    raw["fields"]["balance"]["min_label"] = "?"
    with pytest.raises(SchemaError) as info:
        parse_translation(raw, english)
    assert sorted(info.value.problems) == [
        "fields.balance.min_label: the English field has none",
        "fields.conversation.help: required",
        "fields.give_skills.choices.gentle: required",
        "fields.next_time.label: required",
        "fields.nowhere: unknown key",
        "fields.relationship_rating.colour: unknown key",
    ]


def _leaves(value: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(value, dict):
        return [p for key, v in value.items() for p in _leaves(v, (*path, str(key)))]
    return [path]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(SLUGS).flatmap(
        lambda s: st.tuples(st.just(s), st.sampled_from(_leaves(_raw(s))))
    )
)
def test_dropping_any_word_names_its_path(case: tuple[str, tuple[str, ...]]) -> None:
    slug, path = case
    raw = copy.deepcopy(_raw(slug))
    parent = raw
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    with pytest.raises(SchemaError) as info:
        parse_translation(raw, load_builtin_templates()[slug])
    assert f"{'.'.join(path)}: required" in info.value.problems


def test_a_reader_sees_spanish_only_where_the_text_is_still_built_in() -> None:
    english = load_builtin_templates()["thought-record"]
    args = (english.title, english.instructions, english.fields, "thought-record")
    spanish = shown_homework(*args, "es")
    assert (spanish.title, spanish.language) == ("Registro de pensamientos", "es")
    assert spanish.fields[0].label == "Situación"
    assert shown_homework(*args, "en").title == "Thought record"
    own_title = shown_homework("Our record", *args[1:], "es")
    assert own_title.title == "Our record"
    assert own_title.fields[0].label == "Situación"
    changed = (replace(english.fields[0], label="Where"), *english.fields[1:])
    own_fields = shown_homework(
        english.title, english.instructions, changed, "thought-record", "es"
    )
    assert own_fields.fields == changed
    assert own_fields.language == "en"
    assert shown_title("Anything", None, "es") == "Anything"
    assert shown_title(english.title, "thought-record", "es") == "Registro de pensamientos"


def test_a_spanish_member_fills_in_built_in_homework_in_spanish(hw, client, login):  # type: ignore[no-untyped-def]
    assignment = hw.give("boundary-setting-worksheet")
    hw.alice.locale = "es"
    db.session.commit()
    sub = hw.submission(assignment, hw.alice)
    login(hw.alice)
    assert "Hoja para poner un límite" in client.get("/homework/").get_data(as_text=True)
    page = client.get(f"/homework/{sub.id}").get_data(as_text=True)
    assert "El límite que voy a decir" in page
    assert "Muy difícil" in page
    assert "The boundary I will state" not in page
    logout(client)
    login(hw.facilitator)
    review = client.get(f"/homework/{sub.id}/review").get_data(as_text=True)
    assert "Boundary-setting worksheet" in review


def test_a_spanish_member_submitting_too_little_is_told_in_spanish(hw, client, login, csrf):  # type: ignore[no-untyped-def]
    assignment = hw.give("boundary-setting-worksheet")
    hw.alice.locale = "es"
    db.session.commit()
    sub = hw.submission(assignment, hw.alice)
    login(hw.alice)
    url = f"/homework/{sub.id}"
    refused = client.post(
        url, data={"csrf_token": csrf(url), "action": "submit", "situation": "En el trabajo"}
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Lo que necesito: complete este campo" in page
    assert "El límite que voy a decir: complete este campo" in page
    assert "My need" not in page
    assert "please fill this in" not in page
    assert "En el trabajo" in page


def test_homework_shared_with_the_group_is_listed_in_the_readers_language(hw, client, login):  # type: ignore[no-untyped-def]
    assignment = hw.give()
    sub = hw.submission(assignment, hw.bob)
    submit(sub, MultiDict(THOUGHT_RECORD))
    set_sharing(sub, True, "Bob")
    hw.alice.locale = "es"
    db.session.commit()
    login(hw.alice)
    page = client.get(f"/homework/cohorts/{hw.cohort.id}/shared").get_data(as_text=True)
    assert "Registro de pensamientos</a> — compartido por Bob" in page
    assert "Thought record" not in page


def test_my_data_names_built_in_homework_in_spanish(hw, client, login):  # type: ignore[no-untyped-def]
    assignment = hw.give("boundary-setting-worksheet")
    hw.alice.locale = "es"
    db.session.commit()
    sub = hw.submission(assignment, hw.alice)
    field = assignment.field_list()[0]
    sub.answers = {field.key: "Mis palabras"}
    db.session.commit()
    login(hw.alice)
    page = client.get("/privacy/my-data").get_data(as_text=True)
    assert "Hoja para poner un límite" in page
    assert "Boundary-setting worksheet" not in page
    spanish_label = builtin_in_language("boundary-setting-worksheet", "es").fields[0].label  # type: ignore[union-attr]
    assert spanish_label in page
    assert field.label not in page
    # The downloaded file keeps the assignment's stored title.
    (row,) = client.get("/privacy/my-data.json").json["homework"]
    assert row["assignment"] == "Boundary-setting worksheet"
