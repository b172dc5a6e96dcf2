"""The homework template schema: built-ins load, and every broken definition is explained."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from groupapp.homework.fields import (
    FIELD_TYPES,
    REPEATING_GROUP,
    SchemaError,
    parse_fields,
    parse_template,
)
from groupapp.homework.library import load_builtin_templates

ALL_TYPES = ", ".join(FIELD_TYPES)

REQUIRED_BUILTINS = {
    "boundary-setting-worksheet": [
        "situation",
        "my_need",
        "boundary",
        "how_said",
        "their_response",
        "how_i_felt",
        "next_try",
    ],
    "thought-record": [
        "situation",
        "automatic_thought",
        "emotion",
        "intensity",
        "evidence_for",
        "evidence_against",
        "balanced_thought",
        "intensity_after",
    ],
    "mutual-support-check-in": ["relationship", "gave", "received", "asked_for_help", "balance"],
    "respecting-independence": ["my_interests", "their_interests", "support_both"],
    "saying-no-log": ["times"],
    "dear-man-planner": ["describe", "express", "assert_request", "reinforce", "negotiate"],
    "give-fast-reflection": ["give_skills", "fast_skills"],
    "self-esteem-self-care-log": ["days"],
    "shared-decision-making": ["decision", "my_needs", "their_needs", "how_decided"],
}


def _field(**extra: Any) -> dict[str, Any]:
    return {"key": "note", "type": "short_text", "label": "Note", **extra}


def _problems(raw: Any) -> list[str]:
    with pytest.raises(SchemaError) as caught:
        parse_fields(raw)
    return caught.value.problems


def test_builtin_templates_hold_the_requested_fields_in_order() -> None:
    templates = load_builtin_templates()
    for slug, keys in REQUIRED_BUILTINS.items():
        present = [f.key for f in templates[slug].fields]
        assert [k for k in present if k in keys] == keys, slug


def test_builtins_use_every_field_type_and_round_trip() -> None:
    templates = load_builtin_templates()
    used = {f.type for t in templates.values() for f in t.fields}
    used |= {s.type for t in templates.values() for f in t.fields for s in f.fields}
    assert used == set(FIELD_TYPES)
    for template in templates.values():
        assert parse_fields([f.to_dict() for f in template.fields]) == template.fields


def test_saying_no_log_is_a_repeating_group_with_limits() -> None:
    group = load_builtin_templates()["saying-no-log"].fields[0]
    assert group.type == REPEATING_GROUP
    assert group.label == "Times I said no this week"
    assert (group.min_entries, group.max_entries) == (1, 10)
    assert [s.key for s in group.fields] == ["when", "request", "outcome", "words", "guilt"]


def test_thought_record_scale_has_end_labels() -> None:
    intensity = load_builtin_templates()["thought-record"].fields[3]
    assert (intensity.min, intensity.max) == (0, 10)
    assert intensity.min_label
    assert intensity.max_label


def test_text_defaults_and_limits() -> None:
    short, long = parse_fields([_field(), _field(key="story", type="long_text")])
    assert short.max_length == 200
    assert long.max_length == 4000
    assert _problems([_field(max_length=501)]) == [
        "fields[0].max_length: must be between 1 and 500, got 501"
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("not a list", "fields: expected list, got str"),
        ([], "fields: needs at least 1 item(s)"),
        (["text"], "fields[0]: expected a mapping, got str"),
        ([{"type": "short_text", "label": "X"}], "fields[0].key: is required"),
        (
            [_field(key="Bad-Key")],
            "fields[0].key: 'Bad-Key' must start with a-z and use only a-z, 0-9 and '_'",
        ),
        (
            [_field(type="essay")],
            "fields[0].type: 'essay' is not allowed (use one of " + ALL_TYPES + ")",
        ),
        ([_field(label="")], "fields[0].label: must not be empty"),
        ([_field(required="yes")], "fields[0].required: expected bool, got str"),
        ([_field(), _field()], "fields[1].key: 'note' is used twice"),
        (
            [_field(colour="red")],
            "fields[0].colour: unknown key (allowed: help, key, label, max_length, required, type)",
        ),
        (
            [_field(type="date", max_length=10)],
            "fields[0].max_length: unknown key (allowed: help, key, label, required, type)",
        ),
        ([_field(type="scale", min_label="Low")], "fields[0].max_label: is required"),
        (
            [_field(type="scale", min=5, max=5, min_label="a", max_label="b")],
            "fields[0].max: must be greater than min (5)",
        ),
        (
            [_field(type="scale", max=11, min_label="a", max_label="b")],
            "fields[0].max: must be between 0 and 10, got 11",
        ),
        (
            [_field(type="single_choice", choices=[{"value": "a", "label": "A"}])],
            "fields[0].choices: needs at least 2 item(s)",
        ),
        (
            [
                _field(
                    type="multi_choice",
                    choices=[{"value": "a", "label": "A"}, {"value": "a", "label": "B"}],
                )
            ],
            "fields[0].choices[1].value: 'a' is used twice",
        ),
        (
            [_field(type="single_choice", choices=[{"value": "a"}, {"value": "b", "label": "B"}])],
            "fields[0].choices[0].label: is required",
        ),
    ],
)
def test_each_broken_definition_is_reported_with_its_path(raw: Any, expected: str) -> None:
    assert expected in _problems(raw)


def _group(**extra: Any) -> dict[str, Any]:
    return _field(
        **{"type": "repeating_group", "fields": [_field(key="when", type="date")], **extra}
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (_group(fields=[]), "fields[0].fields: needs at least 1 item(s)"),
        (
            _group(fields=[_group()]),
            "fields[0].fields[0].type: 'repeating_group' is not allowed inside a repeating group"
            " (use one of " + ALL_TYPES.removesuffix(", repeating_group") + ")",
        ),
        (
            _group(required=True, min_entries=0),
            "fields[0].min_entries: must be at least 1 when the group is required",
        ),
        (
            _group(min_entries=5, max_entries=2),
            "fields[0].max_entries: must be at least min_entries (5)",
        ),
        (_group(max_entries=31), "fields[0].max_entries: must be between 1 and 30, got 31"),
    ],
)
def test_repeating_group_rules(raw: dict[str, Any], expected: str) -> None:
    assert expected in _problems([raw])


def test_many_problems_are_reported_in_one_pass() -> None:
    problems = _problems([_field(key=""), _field(key="x", type="scale"), _field(key="y", label=3)])
    assert problems == [
        "fields[0].key: must not be empty",
        "fields[1].min_label: is required",
        "fields[1].max_label: is required",
        "fields[2].label: expected str, got int",
    ]


def test_parse_fields_can_prefix_a_custom_path() -> None:
    with pytest.raises(SchemaError) as caught:
        parse_fields([_field(key="")], path="definition")
    assert caught.value.problems == ["definition[0].key: must not be empty"]


def test_a_whole_template_is_checked() -> None:
    raw = copy.deepcopy(
        {"slug": "mine", "title": "T", "summary": "S", "instructions": "I", "fields": [_field()]}
    )
    assert parse_template(raw).fields[0].key == "note"
    raw["fields"][0]["type"] = "video"
    raw.pop("summary")
    with pytest.raises(SchemaError) as caught:
        parse_template(raw, "mine.yaml")
    assert caught.value.problems[0] == "mine.yaml.summary: is required"
    assert caught.value.problems[1].startswith("mine.yaml.fields[0].type: 'video' is not allowed")
