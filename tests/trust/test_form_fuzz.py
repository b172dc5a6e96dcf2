"""Random values in every form field of every POST route never produce a server error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.trust.forms import FormField, form_routes, target_for
from tests.trust.tables import load_tables

TABLE, _ = load_tables()
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "=1+1",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "\u202e\u200b",
    "🙂" * 50,
    "x" * 5000,
    "../../etc/passwd",
    "' OR 1=1 --",
]


def field_values(form_field: FormField) -> st.SearchStrategy[str]:
    text = st.one_of(st.sampled_from(NASTY), st.text(max_size=200))
    if form_field.choices:
        return st.one_of(st.sampled_from(form_field.choices), text)
    return text


# JSON API routes take no forms; schemathesis fuzzes them (tests/api/test_fuzz.py).
@pytest.mark.parametrize("endpoint", form_routes(TABLE))
def test_random_form_values_never_cause_a_500(app, factories, endpoint):
    target = target_for(app, factories, TABLE, endpoint)
    strategy = st.fixed_dictionaries({f.name: field_values(f) for f in target.fields})

    def send(data: dict[str, str]) -> None:
        response = target.client.post(target.url, data={**data, "csrf_token": target.token})
        assert response.status_code < 500, f"{endpoint} answered {response.status_code} to {data}"

    # First the same awkward value in every free field, then random combinations.
    for nasty in NASTY:
        send({f.name: f.choices[0] if f.choices else nasty for f in target.fields})

    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples on every run: CI is repeatable
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=strategy)
    def post(data: dict[str, str]) -> None:
        send(data)

    post()
