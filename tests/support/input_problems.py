"""Checking a service's reading of typed input with any input (Hypothesis tests)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from groupapp.core.form_problems import InputProblems

T = TypeVar("T")


def read_or_refuse(read: Callable[[Any], T], typed: Any) -> T | None:
    """``read(typed)``, or None after checking the refusal names each problem in words."""
    problems: dict[str, str] = {}
    try:
        return read(typed)
    except InputProblems as refused:
        problems = refused.problems
    assert problems
    assert all(problems.values())
    return None
