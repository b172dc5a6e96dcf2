"""The shared YAML/JSON loader: bounded work for any text, one kind of error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groupapp.core.safe_data import (
    MAX_DEPTH,
    MAX_PROBLEMS,
    UnreadableData,
    cap_problems,
    load_data,
    load_json,
    load_yaml,
)

FIELD = "{key: note, type: short_text, label: Note}"


def alias_bomb(levels: int = 9, fan_out: int = 10) -> str:
    """Each level lists the previous one ``fan_out`` times: fan_out**levels values."""
    lines = [f"a0: &a0 [{FIELD}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * fan_out)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines)


def repeated_anchor(times: int) -> str:
    """One anchored field list referenced ``times`` times (the template editor's case)."""
    head = f"- &fields [{', '.join([FIELD] * 10)}]\n"
    return head + "".join("- *fields\n" for _ in range(times))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (alias_bomb(), "once its aliases are expanded"),
        (repeated_anchor(5000), "once its aliases are expanded"),
        ("[" * 20_000, f"nested more than {MAX_DEPTH} levels deep"),
        ("- " * 20_000 + "x", f"nested more than {MAX_DEPTH} levels deep"),
        ('{"a": ' + "[" * 20_000 + "]" * 20_000 + "}", f"nested more than {MAX_DEPTH} levels"),
        ("a: &x [*x]", "refers to the node that contains it"),
        ("x: 2026-02-30", "could not be read"),
        ("x: " + "9" * 5000, "could not be read"),
        ("a: [1, 2", "not valid YAML: line 1"),
        ('{"a": 1,}', "not valid JSON: line 1"),
        ("!!python/object/apply:os.system [echo hi]", "not valid YAML"),
        ("a\x00b", "is not allowed"),
        ('{"a": "x\\ud800"}', "holds \\ud800, half of a UTF-16 surrogate pair"),
        ('{"\\udfff": 1}', "holds \\udfff, half of a UTF-16 surrogate pair"),
        ('{"a": {"b": 1, "b": 2}}', 'holds the key "b" twice in one object'),
        ('a: 1\nb: "\\ud800"', "line 2: holds \\ud800, half of a UTF-16 surrogate pair"),
    ],
)
def test_hostile_text_is_refused_with_a_reason(text, reason):
    with pytest.raises(UnreadableData) as info:
        load_data(text)
    assert reason in str(info.value)


def test_ordinary_aliases_and_json_still_read():
    assert load_yaml("base: &b {a: 1}\ncopy: *b\nmerged: {<<: *b, c: 2}") == {
        "base": {"a": 1},
        "copy": {"a": 1},
        "merged": {"a": 1, "c": 2},
    }
    assert load_json('{"a": [1, 2.5, null, true, "é"]}') == {"a": [1, 2.5, None, True, "é"]}
    assert load_data('  {"a": 1}') == {"a": 1}


def test_problem_lists_are_cut_with_a_count():
    problems = [f"fields[{i}]: expected a mapping" for i in range(1234)]
    capped = cap_problems(problems)
    assert len(capped) == MAX_PROBLEMS + 1
    assert capped[:MAX_PROBLEMS] == problems[:MAX_PROBLEMS]
    assert capped[-1] == f"... and {1234 - MAX_PROBLEMS} more problems"
    assert cap_problems(problems[:3]) == problems[:3]


YAMLISH = st.text(alphabet=st.sampled_from(list("ab1:-[]{},&*!|>'\"#?\n \t.%@`\\é\x00\u2028")))


@settings(max_examples=400, deadline=None)
@given(st.one_of(YAMLISH, st.text()))
def test_any_text_reads_as_data_or_one_kind_of_error(text):
    reason = ""
    try:
        load_data(text)
    except UnreadableData as exc:
        reason = str(exc) or "(empty reason)"
    assert reason != "(empty reason)"
