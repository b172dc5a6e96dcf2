"""Any homework template definition, however broken, is valid or a list of problems."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from groupapp.core.safe_data import load_yaml
from groupapp.homework.fields import SchemaError, parse_fields, parse_template
from groupapp.homework.library import BUILTIN_DIR
from tests.support.mutations import assert_problem_list, mutated

TEMPLATES = [
    load_yaml(path.read_text(encoding="utf-8")) for path in sorted(BUILTIN_DIR.glob("*.yaml"))
]
FIELD_LISTS = [template["fields"] for template in TEMPLATES]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(parse: Any, value: Any) -> None:
    try:
        parse(value)
    except SchemaError as exc:
        assert_problem_list(exc.problems)


@FUZZ
@given(mutated(FIELD_LISTS))
def test_mutated_field_definitions_are_valid_or_a_problem_list(fields):
    _outcome(parse_fields, fields)


@FUZZ
@given(mutated(TEMPLATES))
def test_a_mutated_template_is_valid_or_a_problem_list(template):
    _outcome(parse_template, template)
