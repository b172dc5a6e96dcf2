"""Every list with nothing in it says what will appear there and, where there is one, the
next step, instead of an empty table or a bare "None"."""

from __future__ import annotations

import re

import pytest

EMPTY = re.compile(r'<div class="empty-state">\s*<p>([^<]{40,})</p>(\s*<p><a class="button)?')


def _empty_state(client, path: str) -> tuple[str, bool]:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200, path
    found = EMPTY.search(response.get_data(as_text=True))
    assert found, f"{path} shows no empty state"
    return found.group(1), bool(found.group(2))


@pytest.fixture
def quiet_org(factories):  # type: ignore[no-untyped-def]
    """An organisation with one facilitator running one cohort nobody has joined yet."""
    org = factories.org()
    facilitator = factories.user("facilitator", org=org)
    cohort = factories.cohort(org, facilitators=[facilitator])
    return org, facilitator, cohort


def test_staff_lists_say_what_comes_next(client, login, factories, quiet_org):
    _org, facilitator, cohort = quiet_org
    login(facilitator)
    with_action = {
        f"/cohorts/{cohort.id}": "Invite the first participant",
        f"/homework/cohorts/{cohort.id}/grid": "Assign homework",
        "/homework/review": "Go to your cohorts",
        f"/assessments/cohorts/{cohort.id}/progress": "Schedule check-ins",
        "/assessments/alerts?show=acknowledged": "See open alerts",
    }
    for path, label in with_action.items():
        _text, has_link = _empty_state(client, path)
        assert has_link, path
        assert label in client.get(path).get_data(as_text=True)
    for path in (
        "/assessments/alerts",
        f"/assessments/cohorts/{cohort.id}/schedules",
        f"/homework/cohorts/{cohort.id}/shared",
        "/programs",
    ):
        _empty_state(client, path)


def test_a_new_facilitator_is_sent_to_the_programs(client, login, factories):
    login(factories.user("facilitator"))
    text, has_link = _empty_state(client, "/cohorts")
    assert has_link
    assert "program" in text
    assert _empty_state(client, "/assessments/groups")[1]


def test_admin_lists_say_what_comes_next(client, login, factories):
    admin = factories.user("admin")
    login(admin)
    assert "Try part of the name" in _empty_state(client, "/people?q=zzz")[0]
    for path in ("/admin/outbox", "/privacy/deletion-requests"):
        _empty_state(client, path)
    _text, has_link = _empty_state(client, "/audit?action=nothing.like.this")
    assert has_link


def test_participant_lists_say_what_comes_next(client, login, factories):
    login(factories.user("participant"))
    for path in ("/my/meetings", "/homework/", "/assessments/check-ins"):
        _empty_state(client, path)
    assert _empty_state(client, "/account/api-tokens")[1]
