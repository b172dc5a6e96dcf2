"""Whatever is typed as a template's Spanish version, or sent as translation data, is either
taken whole or refused with each problem named at its input; nothing else happens."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from groupapp.core.safe_data import load_yaml
from groupapp.homework.builder import build, draft_from_fields, read_form
from groupapp.homework.builder_translation import (
    TEMPLATE_WORDS,
    SpanishText,
    build_translation,
)
from groupapp.homework.fields import TemplateDefinition, parse_fields
from groupapp.homework.translations import parse_translation
from groupapp.programs.catalog import SchemaError
from tests.homework.test_template_spanish import QUESTIONS, SPANISH

FIELDS = parse_fields(load_yaml(QUESTIONS))
ENGLISH = TemplateDefinition("", "Saying no", "", "", FIELDS)
INPUTS = [name.replace("__", "-") for name in SPANISH if name != "es_title"]
words = st.one_of(st.just(""), st.just("  "), st.text(max_size=30), st.text(min_size=190))


def _english_form() -> MultiDict[str, str]:
    """The builder form for QUESTIONS as posted, without any Spanish word."""
    form: MultiDict[str, str] = MultiDict()

    def add(prefix: str, draft: Any) -> None:
        form[f"{prefix}-type"] = draft.type
        form[f"{prefix}-label"] = draft.label
        form[f"{prefix}-help"] = draft.help
        form[f"{prefix}-key"] = draft.key
        if draft.required:
            form[f"{prefix}-required"] = "y"
        for name, value in draft.options.items():
            form[f"{prefix}-{name}"] = value
        for j, choice in enumerate(draft.choices):
            form[f"{prefix}c{j}-label"] = choice.label
            form[f"{prefix}c{j}-value"] = choice.value
        for k, sub in enumerate(draft.fields):
            add(f"{prefix}s{k}", sub)

    for i, draft in enumerate(draft_from_fields(FIELDS)):
        add(f"f{i}", draft)
    return form


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(INPUTS), words), words)
def test_typed_spanish_is_taken_whole_or_each_gap_is_named(
    typed: dict[str, str], title: str
) -> None:
    form = _english_form()
    for name, value in typed.items():
        form[name] = value
    drafts = read_form(form)
    built, problems = build(drafts)
    assert problems == []
    assert built == FIELDS
    translation, problems = build_translation(drafts, ENGLISH, SpanishText(title=title))
    started = bool(title.strip()) or any(v.strip() for v in typed.values())
    if not started:
        assert (translation, problems) == (None, [])
    elif translation is not None:
        assert problems == []
        assert parse_translation(translation, ENGLISH).title == title.strip()
    else:
        allowed = {f"b-{name}" for name in INPUTS} | set(TEMPLATE_WORDS.values())
        assert problems
        assert all(p.target in allowed for p in problems)
        assert all(" in Spanish: " in p.text for p in problems)


json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["title", "fields", "label", "choices", "calm", "yes", "help", "x"])
            | st.text(max_size=5),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_data)
def test_any_translation_data_is_read_or_refused_with_paths(raw: Any) -> None:
    problems: list[str] = []
    try:
        translated = parse_translation(raw, ENGLISH)
    except SchemaError as exc:
        problems = exc.problems
        translated = None
    if translated is None:
        assert problems
        assert all(": " in p for p in problems)
    else:
        assert [f.key for f in translated.fields] == [f.key for f in FIELDS]
