"""Fixtures for the homework tests."""

from __future__ import annotations

import pytest

from tests.homework.support import Homework, build


@pytest.fixture
def hw(factories) -> Homework:  # type: ignore[no-untyped-def]
    """A New York cohort (weekly Tuesday 18:00 meetings from March 2026) with two members."""
    return build(factories)
