"""JSON answers (the API's) are read by the same parser and rules as the fill form's."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from groupapp.homework.answers import answer_path, form_from_json, parse_form, validate_answers
from groupapp.homework.library import load_builtin_templates

SAYING_NO = load_builtin_templates()["saying-no-log"].fields
THOUGHT = load_builtin_templates()["thought-record"].fields

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["times", "pattern", "situation", "intensity", "other"]), json_values
    )
)
# "²" is a digit to str.isdigit() but not to int(): a scale answer must be ASCII digits.
@example({"intensity": "²"})
def test_any_json_becomes_a_draft_and_a_verdict_without_failing(answers):
    for fields in (SAYING_NO, THOUGHT):
        draft = parse_form(fields, form_from_json(fields, answers))
        assert set(draft) == {item.key for item in fields}
        clean, errors = validate_answers(fields, draft)
        assert set(clean) == set(draft)
        for name in errors:
            assert answer_path(name)[0] in draft


def test_json_answers_match_what_the_form_would_send():
    entry = {"when": "2026-03-02", "request": "Lend the car", "outcome": "said_no", "guilt": 3}
    form = form_from_json(SAYING_NO, {"times": [entry, {"request": ""}], "pattern": "Mondays"})
    assert form.getlist("times-0-guilt") == ["3"]
    draft = parse_form(SAYING_NO, form)
    assert draft["times"] == [{**entry, "guilt": "3", "words": ""}]
    clean, errors = validate_answers(SAYING_NO, draft)
    assert errors == {}
    assert clean["times"][0]["guilt"] == 3
    assert answer_path("times-0-when") == ("times", "0", "when")
    assert answer_path("pattern") == ("pattern",)
