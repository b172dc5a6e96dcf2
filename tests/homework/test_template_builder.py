"""The builder's draft maps to the one template schema and back, and says problems plainly."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.homework.builder import (
    DraftChoice,
    DraftField,
    apply_action,
    build,
    draft_from_fields,
    key_from_label,
    new_field,
    preview_fields,
    read_form,
    with_blank_choices,
)
from groupapp.homework.builder_words import locate_problem
from groupapp.homework.fields import FIELD_TYPES, KEY_PATTERN, parse_fields
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.template_services import (
    fields_as_yaml,
    read_fields_yaml,
    unreadable_in_words,
)

BUILTINS = sorted(load_builtin_templates().values(), key=lambda d: d.slug)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text a person may type as a label: anything printable, with spaces around it at times.
LABELS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=80).map(
    lambda s: s if len(s) < 70 else f"  {s}  "
)


@pytest.mark.parametrize("definition", BUILTINS, ids=lambda d: d.slug)
def test_every_builtin_survives_the_builder_and_yaml_unchanged(definition):
    built, problems = build(draft_from_fields(definition.fields))
    assert problems == []
    assert built == definition.fields
    text = fields_as_yaml([item.to_dict() for item in built])
    again, problems = read_fields_yaml(text)
    assert (again, problems) == (definition.fields, [])


def test_a_new_question_of_each_type_needs_only_its_words():
    drafts = []
    for kind in FIELD_TYPES:
        item = new_field(kind)
        item.label = f"About the {kind.replace('_', ' ')}"
        for number, choice in enumerate(item.choices, start=1):
            choice.label = f"Option {number}"
        if kind == "scale":
            item.options.update(min_label="Not at all", max_label="Completely")
        for sub in item.fields:
            sub.label = "One part"
        drafts.append(item)
    fields, problems = build(drafts)
    assert problems == []
    assert [f.type for f in fields] == list(FIELD_TYPES)
    assert [f.key for f in fields][:2] == ["about_the_short_text", "about_the_long_text"]
    assert [c.value for c in fields[3].choices] == ["option_1", "option_2"]
    assert fields[6].fields[0].key == "one_part"


def test_keys_follow_the_label_until_saved_then_stay():
    form = {"f0-type": "short_text", "f0-label": "What happend", "f0-key": "", "f0-auto_key": ""}
    first = read_form(form)
    build(first)
    assert first[0].key == first[0].auto_key == "what_happend"
    # The label is corrected before saving: the key posted back unchanged follows it.
    corrected = read_form(
        {
            **form,
            "f0-label": "What happened",
            "f0-key": "what_happend",
            "f0-auto_key": "what_happend",
        }
    )
    build(corrected)
    assert corrected[0].key == "what_happened"
    # A key the facilitator typed in the advanced part, or a saved one, is kept.
    typed = read_form({**form, "f0-key": "situation", "f0-auto_key": "what_happend"})
    build(typed)
    assert typed[0].key == "situation"
    saved = draft_from_fields(parse_fields([{"key": "note", "type": "date", "label": "Day"}]))
    saved[0].label = "Which day"
    assert build(saved)[0][0].key == "note"


def test_the_same_label_twice_gets_two_keys():
    drafts = [DraftField(label="Feeling"), DraftField(label="Feeling"), DraftField(label="🙂")]
    fields, problems = build(drafts)
    assert problems == []
    assert [f.key for f in fields] == ["feeling", "feeling_2", "item"]


def test_options_of_another_type_are_kept_but_not_saved():
    item = new_field("scale")
    item.label = "Mood"
    item.options.update(min_label="Low", max_label="High")
    item.type = "date"
    (date_field,), problems = build([item])
    assert problems == []
    assert date_field.to_dict() == {
        "key": "mood",
        "type": "date",
        "label": "Mood",
        "required": False,
    }
    assert item.options["min_label"] == "Low"  # still there if the type goes back


def test_a_question_turned_into_a_choice_gets_rows_to_type_into():
    item, group = DraftField(type="multi_choice", label="Which"), new_field("repeating_group")
    group.fields[0].type = "single_choice"
    with_blank_choices([item, group])
    assert (len(item.choices), len(group.fields[0].choices)) == (2, 2)
    item.choices[0].label = "Kept"
    assert [c.label for c in with_blank_choices([item])[0].choices] == ["Kept", ""]
    assert build([item])[1][0].text == "Question 1 “Which”, choices: needs at least 2"


def test_buttons_add_move_and_remove_questions_parts_and_choices():
    fields = [DraftField(label="A"), DraftField(label="B")]
    assert apply_action(fields, "add:", {"new_type": "repeating_group"}) == "b-f2-label"
    assert fields[2].type == "repeating_group"
    assert len(fields[2].fields) == 1
    # A group cannot hold a group: the part becomes short text.
    assert apply_action(fields, "add:f2", {"f2-new_type": "repeating_group"}) == "b-f2s1-label"
    assert [sub.type for sub in fields[2].fields] == ["short_text", "short_text"]
    fields[2].fields[1].label = "second part"
    assert apply_action(fields, "up:f2s1", {}) == "b-f2s0-up"
    assert fields[2].fields[0].label == "second part"
    assert apply_action(fields, "down:f0", {}) == "b-f1-down"
    assert [f.label for f in fields[:2]] == ["B", "A"]
    assert apply_action(fields, "up:f0", {}) == "b-f0-up"  # already first: nothing moves
    assert [f.label for f in fields[:2]] == ["B", "A"]
    choice = new_field("single_choice")
    fields.append(choice)
    assert apply_action(fields, "add_choice:f3", {}) == "b-f3c2-label"
    choice.choices[1].label = "keep me"
    assert apply_action(fields, "remove_choice:f3c0", {}) == "b-f3-add_choice"
    assert [c.label for c in choice.choices] == ["keep me", ""]
    assert apply_action(fields, "remove:f2s0", {}) == "b-f2-add"
    assert apply_action(fields, "remove:f0", {}) == "b-add"
    assert [f.label for f in fields] == ["A", "", ""]


@pytest.mark.parametrize(
    ("old", "new", "typed", "kept"),
    [
        ("short_text", "long_text", "200", "4000"),
        ("long_text", "short_text", "4000", "200"),
        ("long_text", "short_text", "1000", "200"),  # too long for a short answer
        ("short_text", "long_text", "300", "300"),  # chosen by the facilitator
        ("long_text", "short_text", "450", "450"),
        ("scale", "long_text", "", "4000"),
    ],
)
def test_a_change_of_text_type_resets_only_a_limit_nobody_chose(old, new, typed, kept):
    fields = read_form({"f0-type": old, "f0-label": "Why", "f0-max_length": typed})
    fields[0].type = new
    assert apply_action(fields, "type:f0", {}) == "b-f0-type"
    assert fields[0].option("max_length") == kept


@PROPERTY
@given(st.text(max_size=40), st.dictionaries(st.text(max_size=12), st.text(max_size=12)))
def test_any_button_value_changes_at_most_the_draft(action, form):
    fields = [new_field("single_choice"), new_field("repeating_group")]
    apply_action(fields, action, form)
    assert all(isinstance(item, DraftField) for item in fields)
    build(fields)  # never raises


@PROPERTY
@given(LABELS, st.sets(st.from_regex(KEY_PATTERN, fullmatch=True), max_size=5))
def test_a_key_made_from_any_label_is_valid_and_new(label, taken):
    key = key_from_label(label, set(taken))
    assert KEY_PATTERN.match(key)
    assert key not in taken


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.sampled_from(FIELD_TYPES),
            LABELS,
            st.lists(LABELS, max_size=6),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_labels_and_choices_build_or_name_each_problem(questions):
    drafts = []
    for kind, label, choice_labels, required in questions:
        item = new_field(kind)
        item.label, item.required = label, required
        item.choices = [DraftChoice(text) for text in choice_labels]
        item.options.update(min_label=label, max_label=label, min_entries="1")
        for sub in item.fields:
            sub.label = label
        drafts.append(item)
    fields, problems = build(drafts)
    if problems:
        assert fields == ()
        for problem in problems:
            assert re.fullmatch(r"b-[a-z0-9_-]+", problem.target), problem
            assert problem.text.startswith(("Question", "The questions")), problem
        return
    assert [f.label for f in fields] == [label.strip() for _, label, _, _ in questions]
    for item, (_, _, choice_labels, _) in zip(fields, questions, strict=True):
        if item.type in ("single_choice", "multi_choice"):
            assert [c.label for c in item.choices] == [t.strip() for t in choice_labels if t]
    # What was built is what YAML export gives back, and what the builder shows again.
    assert read_fields_yaml(fields_as_yaml([f.to_dict() for f in fields])) == (fields, [])
    assert build(draft_from_fields(fields)) == (fields, [])


def test_a_problem_points_at_its_input_in_plain_words():
    raw = [
        {"key": "mood", "type": "scale", "label": "Mood", "min": 5, "max": 3},
        {"key": "pick", "type": "single_choice", "label": "Pick", "choices": []},
        {"key": "log", "type": "repeating_group", "label": "Log", "fields": [{"key": "x"}]},
    ]
    cases = {
        "fields[0].max: must be greater than min (5)": (
            "b-f0-max",
            "Question 1 “Mood”, highest number: must be more than 5",
        ),
        "fields[1].choices: needs at least 2 item(s)": (
            "b-f1-add_choice",
            "Question 2 “Pick”, choices: needs at least 2",
        ),
        "fields[2].fields[0].label: is required": (
            "b-f2s0-label",
            "Question 3, part 1, question: is required",
        ),
        "fields[1].choices[0].value: 'X' must start with a-z": (
            "b-f1c0-value",
            "Question 2 “Pick”, choice 1, stored value (advanced): 'X' must start with a-z",
        ),
        "fields: has 41 fields; at most 40 are allowed": (
            "b-add",
            "The questions: has 41 fields; at most 40 are allowed",
        ),
        "fields[0]: expected a mapping, got str": (
            "b-f0-label",
            "Question 1 “Mood”: should be name: value lines, not text",
        ),
    }
    for problem, (target, message) in cases.items():
        found = locate_problem(problem, raw)
        assert (found.target, found.text) == (target, message)


def test_numbers_that_are_not_numbers_are_named():
    item = new_field("long_text")
    item.label = "Story"
    item.options["max_length"] = "lots"
    fields, problems = build([item])
    assert fields == ()
    assert [(p.target, p.text) for p in problems] == [
        ("b-f0-max_length", "Question 1 “Story”, longest answer: enter a whole number")
    ]


def test_the_preview_shows_finished_questions_and_counts_the_rest():
    done, unfinished = new_field("date"), new_field("single_choice")
    done.label, unfinished.label = "When", "Which"
    shown, hidden = preview_fields([done, unfinished])
    assert [f.label for f in shown] == ["When"]
    assert hidden == 1


PARSER_WORDS = ("mapping values", "could not find", "found character", "expected <", "scanner")


@pytest.mark.parametrize(
    "text",
    [
        "key: [unclosed",
        "- key: a\n  label: b: c",
        "- {key: a, label: 'x}",
        "\t- key: a",
        "- key: a\n - key: b",
        "- date: 2026-02-30",
        "a\x07b",
        "&a [*a]",
    ],
)
def test_unreadable_yaml_is_explained_without_the_parsers_words(text):
    fields, problems = read_fields_yaml(text)
    assert fields == ()
    assert len(problems) == 1
    for words in PARSER_WORDS:
        assert words not in problems[0].lower()
    assert problems[0].startswith(("The text", "A value"))


def test_yaml_problems_keep_their_path_and_add_plain_words():
    fields, problems = read_fields_yaml(
        "- {key: note, type: short_text, label: Note, max_length: 9999}\n- {key: m, type: scale}"
    )
    assert fields == ()
    assert problems[:2] == [
        "fields[0].max_length: Question 1 “Note”, longest answer: must be between 1 and 500, "
        "got 9999",
        "fields[1].label: Question 2, question: is required",
    ]
    assert read_fields_yaml("just words")[1] == [
        "fields: The questions: should be a list, not text"
    ]


def test_the_limits_of_the_loader_read_as_sentences():
    assert unreadable_in_words("nested more than 40 levels deep") == (
        "The text could not be read: nested more than 40 levels deep."
    )
