"""Hypothesis strategies that break a valid YAML/JSON document in the ways people do.

``mutated(valid_documents)`` draws one of the documents and changes one to three places
in it: a value replaced by one of another type (lists, mappings, numbers, booleans,
null, dates, very long or unusual Unicode text, deep nesting), a key removed or added,
a list entry repeated or the list grown.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import strategies as st

Path = tuple[Any, ...]

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", " ", "\x00", "e\u0301", "\u202e", "😀" * 3, "yes", "1e9", "-"]),
    st.just("x" * 30_000),
    st.dates(min_value=dt.date(1, 1, 1)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=8), st.integers(), st.booleans()), inner, max_size=4
        ),
    ),
    max_leaves=12,
)


def _paths(node: Any, path: Path = ()) -> list[Path]:
    """Every place in ``node``: the root, then each key's value and each list entry."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*path, index)))
    return found


def _parent(root: Any, path: Path) -> Any:
    for step in path[:-1]:
        root = root[step]
    return root


def _mutate_once(draw: st.DrawFn, root: Any) -> Any:
    path = draw(st.sampled_from(_paths(root)))
    kind = draw(st.sampled_from(["replace", "remove", "add_key", "repeat", "grow", "nest"]))
    if not path:
        return draw(VALUES) if kind == "replace" else root
    parent, last = _parent(root, path), path[-1]
    target = parent[last]
    if kind == "replace":
        parent[last] = draw(VALUES)
    elif kind == "remove":
        del parent[last]
    elif kind == "add_key" and isinstance(target, dict):
        target[draw(st.one_of(st.text(max_size=10), st.integers()))] = draw(VALUES)
    elif kind == "repeat" and isinstance(target, list) and target:
        target.append(copy.deepcopy(target[draw(st.integers(0, len(target) - 1))]))
    elif kind == "grow" and isinstance(target, list) and target:
        target.extend(copy.deepcopy(target) * draw(st.integers(1, 60)))
    elif kind == "nest":
        parent[last] = [[{"x": target}]] if draw(st.booleans()) else {"x": [target]}
    return root


@st.composite
def mutated(draw: st.DrawFn, documents: list[Any]) -> Any:
    """One of ``documents`` (deep-copied) with one to three places broken."""
    root = copy.deepcopy(draw(st.sampled_from(documents)))
    for _ in range(draw(st.integers(1, 3))):
        root = _mutate_once(draw, root)
    return root


def assert_problem_list(problems: list[str]) -> None:
    """A non-empty, bounded list of ``path: message`` lines."""
    assert problems
    assert len(problems) <= 51
    for line in problems:
        assert isinstance(line, str)
        assert ": " in line or line.startswith("... and ")
