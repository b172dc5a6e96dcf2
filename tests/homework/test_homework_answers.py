"""Answers: forms become drafts without loss; submission checks every field type clearly."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from groupapp.homework.answers import (
    DRAFT_TEXT_CAP,
    is_blank,
    parse_form,
    validate_answers,
)
from groupapp.homework.fields import parse_fields
from groupapp.homework.library import load_builtin_templates
from tests.homework.support import filled_form

FIELDS = parse_fields(
    [
        {"key": "situation", "type": "long_text", "label": "Situation", "required": True,
         "max_length": 20},
        {"key": "name", "type": "short_text", "label": "Name", "max_length": 5},
        {"key": "intensity", "type": "scale", "label": "Emotion intensity", "required": True,
         "min_label": "None", "max_label": "Strong"},
        {"key": "mood", "type": "single_choice", "label": "Mood", "required": True,
         "choices": [{"value": "calm", "label": "Calm"}, {"value": "tense", "label": "Tense"}]},
        {"key": "skills", "type": "multi_choice", "label": "Skills", "required": True,
         "choices": [{"value": "give", "label": "GIVE"}, {"value": "fast", "label": "FAST"}]},
        {"key": "on", "type": "date", "label": "Date", "required": True},
        {"key": "times", "type": "repeating_group", "label": "Times I said no", "required": True,
         "min_entries": 1, "max_entries": 2, "entry_label": "Entry",
         "fields": [
             {"key": "when", "type": "date", "label": "When", "required": True},
             {"key": "what", "type": "short_text", "label": "What", "required": True,
              "max_length": 10},
         ]},
    ]
)  # fmt: skip

BAD_DATE = "enter a real date as YYYY-MM-DD, for example 2026-03-14"

VALID = {
    "situation": "  At work\r\nagain  ",
    "name": "Sam",
    "intensity": "7",
    "mood": "calm",
    "skills": ["fast", "give"],
    "on": "2026-03-14",
    "times": [{"when": "2026-03-10", "what": "Overtime"}],
}


def _errors(**changes: Any) -> dict[str, str]:
    return validate_answers(FIELDS, {**VALID, **changes})[1]


def test_valid_answers_are_cleaned_and_typed() -> None:
    clean, errors = validate_answers(FIELDS, VALID)
    assert errors == {}
    assert clean == {
        "situation": "At work\nagain",
        "name": "Sam",
        "intensity": 7,
        "mood": "calm",
        "skills": ["give", "fast"],
        "on": "2026-03-14",
        "times": [{"when": "2026-03-10", "what": "Overtime"}],
    }
    assert validate_answers(FIELDS, clean) == (clean, {})


def test_missing_required_answers_get_a_message_each() -> None:
    _, errors = validate_answers(FIELDS, {})
    assert errors == {
        "situation": "Situation: please fill this in",
        "intensity": "Emotion intensity: choose a number from 0 to 10",
        "mood": "Mood: choose one option",
        "skills": "Skills: choose at least one option",
        "on": "Date: enter a date",
        "times": "Times I said no: add at least 1 entry",
    }


def test_optional_fields_may_stay_empty() -> None:
    clean, errors = validate_answers(FIELDS, {**VALID, "name": "   "})
    assert errors == {}
    assert clean["name"] == ""


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        (
            {"situation": "x" * 21},
            "situation",
            "Situation: keep this to 20 characters (it has 21 now)",
        ),
        ({"situation": "   "}, "situation", "Situation: please fill this in"),
        ({"name": "Samantha"}, "name", "Name: keep this to 5 characters (it has 8 now)"),
        ({"intensity": "11"}, "intensity", "Emotion intensity: choose a number from 0 to 10"),
        ({"intensity": "-1"}, "intensity", "Emotion intensity: choose a number from 0 to 10"),
        ({"intensity": "seven"}, "intensity", "Emotion intensity: choose a number from 0 to 10"),
        ({"intensity": True}, "intensity", "Emotion intensity: choose a number from 0 to 10"),
        ({"mood": "furious"}, "mood", "Mood: choose one of the listed options"),
        ({"skills": ["give", "hack"]}, "skills", "Skills: choose only from the listed options"),
        ({"skills": []}, "skills", "Skills: choose at least one option"),
        (
            {"on": "14/03/2026"},
            "on",
            "Date: " + BAD_DATE,
        ),
        (
            {"on": "2026-02-30"},
            "on",
            "Date: " + BAD_DATE,
        ),
        ({"on": "20260314"}, "on", "Date: " + BAD_DATE),
        ({"times": []}, "times", "Times I said no: add at least 1 entry"),
        (
            {"times": [{"when": "2026-03-10", "what": "a"}] * 3},
            "times",
            "Times I said no: keep it to 2 entries",
        ),
        (
            {"times": [{"when": "2026-03-10", "what": "a"}, {"when": "soon", "what": ""}]},
            "times-1-when",
            "Times I said no, entry 2, When: " + BAD_DATE,
        ),
        (
            {"times": [{"when": "2026-03-10", "what": "far too long"}]},
            "times-0-what",
            "Times I said no, entry 1, What: keep this to 10 characters (it has 12 now)",
        ),
    ],
)
def test_each_field_type_explains_what_is_wrong(changes: dict, key: str, message: str) -> None:
    assert _errors(**changes)[key] == message


def test_invalid_values_are_kept_in_the_clean_answers_for_redisplay() -> None:
    clean, errors = validate_answers(FIELDS, {**VALID, "intensity": "seven", "on": "soon"})
    assert set(errors) == {"intensity", "on"}
    assert clean["intensity"] == "seven"
    assert clean["on"] == "soon"


def test_garbage_input_never_raises() -> None:
    for raw in (None, [], "text", {"times": "nope", "skills": 3, "situation": 5}):
        _, errors = validate_answers(FIELDS, raw)
        assert "situation" in errors


def _form(pairs: list[tuple[str, str]]) -> MultiDict:
    return MultiDict(pairs)


def test_parse_form_builds_nested_answers_and_keeps_invalid_text() -> None:
    form = _form(
        [
            ("situation", "line one\r\nline two"),
            ("intensity", "eleven"),
            ("skills", "give"),
            ("skills", "fast"),
            ("times-3-when", "2026-03-12"),
            ("times-3-what", "later entry"),
            ("times-0-when", "not a date"),
            ("times-0-what", ""),
            ("times-1-when", ""),
            ("times-1-what", "  "),
            ("csrf_token", "abc"),
            ("unknown-0-x", "ignored"),
        ]
    )
    answers = parse_form(FIELDS, form)
    assert answers == {
        "situation": "line one\nline two",
        "name": "",
        "intensity": "eleven",
        "mood": "",
        "skills": ["give", "fast"],
        "on": "",
        "times": [
            {"when": "not a date", "what": ""},
            {"when": "2026-03-12", "what": "later entry"},
        ],
    }
    _, errors = validate_answers(FIELDS, answers)
    assert errors["times-0-when"].startswith("Times I said no, entry 1, When:")
    assert errors["times-0-what"] == "Times I said no, entry 1, What: please fill this in"


def test_parse_form_bounds_what_one_request_can_store() -> None:
    huge = "x" * (DRAFT_TEXT_CAP + 10)
    pairs = [("situation", huge)] + [(f"times-{i}-what", "x") for i in range(100)]
    answers = parse_form(FIELDS, _form(pairs))
    assert len(answers["situation"]) == DRAFT_TEXT_CAP
    assert len(answers["times"]) == 30


def test_blank_detection() -> None:
    assert is_blank(parse_form(FIELDS, _form([("situation", " ")])))
    assert not is_blank(parse_form(FIELDS, _form([("times-0-what", "x")])))


def test_every_builtin_template_accepts_a_filled_form() -> None:
    for template in load_builtin_templates().values():
        answers = parse_form(template.fields, _form(filled_form(template.fields)))
        clean, errors = validate_answers(template.fields, answers)
        assert errors == {}, template.slug
        assert not is_blank(clean)
