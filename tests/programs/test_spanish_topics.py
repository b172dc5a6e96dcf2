"""Built-in program topics and handouts in Spanish, read by members in their language."""

from __future__ import annotations

import pytest

from groupapp.cohorts.handouts import meeting_handout
from groupapp.db import db
from groupapp.programs.catalog import SchemaError, load_builtin_programs
from groupapp.programs.handouts import Handout, builtin_handout, handout_path
from groupapp.programs.translations import (
    builtin_topic_titles,
    titles_path,
    topic_handout,
    topic_title,
)
from tests.cohorts.builders import enrol, make_cohort, shift_to_past

PROGRAMS = load_builtin_programs()


@pytest.mark.parametrize("slug", sorted(PROGRAMS))
def test_every_built_in_topic_has_a_spanish_title_and_handout(slug: str) -> None:
    titles = builtin_topic_titles(slug, "es")
    assert titles is not None
    assert len(titles) == len(PROGRAMS[slug].topics)
    for topic, title in zip(PROGRAMS[slug].topics, titles, strict=True):
        assert title != topic.title
        assert handout_path(slug, topic.week, "es").is_file()
        spanish = builtin_handout(slug, topic.week, "es")
        english = builtin_handout(slug, topic.week)
        assert spanish is not None
        assert english is not None
        assert spanish.about != english.about
        assert spanish.practice != english.practice


def test_a_short_title_list_names_each_missing_week(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import groupapp.programs.translations as translations

    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "interdependency-skills.yaml").write_text("topics: [Uno, '', Tres]\n")
    monkeypatch.setattr(translations, "BUILTIN_DIR", tmp_path)
    builtin_topic_titles.cache_clear()
    try:
        with pytest.raises(SchemaError) as info:
            builtin_topic_titles("interdependency-skills", "xx")
    finally:
        builtin_topic_titles.cache_clear()
    assert info.value.problems == [
        "xx/interdependency-skills.yaml: topics[1]: required ('Effective communication')",
        "xx/interdependency-skills.yaml: topics[3]: required ('Respect for independence')",
        "xx/interdependency-skills.yaml: topics[4]: required ('Shared decision-making')",
        "xx/interdependency-skills.yaml: topics[5]: required ('Bringing it together')",
    ]
    assert titles_path("a", "es").parent.name == "es"


def test_only_the_built_in_english_is_replaced() -> None:
    slug = "codependency-recovery"
    assert topic_title(slug, 3, "Saying no", "es") == "Decir que no"
    assert topic_title(slug, 3, "Saying no", "en") == "Saying no"
    assert topic_title(slug, 3, "Our own title", "es") == "Our own title"
    assert topic_title(None, 3, "Saying no", "es") == "Saying no"
    assert topic_title(slug, 40, "Saying no", "es") == "Saying no"
    english = builtin_handout(slug, 4)
    assert topic_handout(slug, 3, english, "es") == builtin_handout(slug, 4, "es")
    edited = Handout(english.about, "Our own practice.")
    assert topic_handout(slug, 3, edited, "es") == edited
    assert topic_handout(slug, 3, english, "en") == english


def test_a_spanish_member_reads_the_handout_in_spanish(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (member,) = enrol(world, factories, 1)
    member.locale = "es"
    db.session.commit()
    first = world.meetings()[0]
    shift_to_past(world, 1)
    spanish = builtin_handout("codependency-recovery", 1, "es")
    handout = meeting_handout(first, language="es")
    assert handout.about == spanish.about
    assert handout.topic == "Reconocer los patrones de codependencia"
    assert meeting_handout(first).topic == "Recognising codependent patterns"
    login(member)
    page = client.get(f"/meetings/{first.id}").get_data(as_text=True)
    assert "Reconocer los patrones de codependencia" in page
    assert "Una vez al día, escriba una línea" in page
    start = client.get("/my/meetings").get_data(as_text=True)
    assert "Reconocer los patrones de codependencia" in start


def test_meeting_topics_read_in_the_rendering_language(app, client, factories, login) -> None:  # type: ignore[no-untyped-def]
    from flask import render_template_string

    from groupapp.core.i18n import force_locale
    from groupapp.programs.translations import topic_words

    assert topic_words("Saying no", "es") == "Decir que no"
    assert topic_words("Bringing it together", "es") == "Juntarlo todo"
    assert topic_words("Our own topic", "es") == "Our own topic"
    assert topic_words("Saying no", "en") == "Saying no"
    with app.test_request_context(), force_locale("es"):
        assert render_template_string("{{ 'Saying no'|topic_words }}") == "Decir que no"

    world = make_cohort(factories)
    (member,) = enrol(world, factories, 1)
    member.locale = "es"
    db.session.commit()
    first = world.meetings()[0]
    login(member)
    assert "Reconocer los patrones de codependencia" in client.get("/my/meetings").get_data(
        as_text=True
    )
    page = client.get(f"/meetings/{first.id}").get_data(as_text=True)
    assert "<h1>Reconocer los patrones de codependencia</h1>" in page
