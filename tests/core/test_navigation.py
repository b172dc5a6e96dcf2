"""The header: at most six top-level entries for every role, the rest grouped in menus."""

from __future__ import annotations

import re

import pytest

from groupapp.core.navigation import MAX_TOP_LEVEL, register_nav

TOP_ENTRY = re.compile(r'<ul class="nav-top">(.*?)</nav>', re.S)


def _top_level_entries(html: str) -> list[str]:
    """The labels a person sees in the header without opening anything."""
    nav = TOP_ENTRY.search(html)
    assert nav, "no navigation on the page"
    body = nav.group(1)
    # A top-level entry is a direct link or a menu's <summary>; links inside menus are not.
    body_without_menus = re.sub(r"<ul>.*?</ul>", "", body, flags=re.S)
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(
            r"<(?:a|summary)\b[^>]*>(.*?)</(?:a|summary)>", body_without_menus, re.S
        )
    ]


@pytest.mark.parametrize("role", ["participant", "facilitator", "admin"])
def test_every_role_sees_at_most_six_entries(client, factories, login, role):
    user = factories.user(role, name="Jordan Avery")
    login(user)
    html = client.get("/privacy/notice").get_data(as_text=True)
    entries = _top_level_entries(html)
    assert 3 <= len(entries) <= MAX_TOP_LEVEL, entries
    assert entries[-1].endswith("Jordan Avery")  # the person's own menu, with "Sign out"
    assert "Sign out" in html


def test_admin_tools_sit_in_one_menu(client, factories, login):
    login(factories.user("admin"))
    html = client.get("/privacy/notice").get_data(as_text=True)
    entries = _top_level_entries(html)
    assert "Admin" in entries
    for tool in ("People", "Audit log", "Outbox", "Deletion requests"):
        assert tool not in entries
        assert f">{tool}</a>" in html


def test_facilitator_library_holds_programs_and_templates(client, factories, login):
    login(factories.user("facilitator"))
    html = client.get("/privacy/notice").get_data(as_text=True)
    entries = _top_level_entries(html)
    assert entries[:4] == ["Cohorts", "Homework review", "Risk alerts", "Check-ins"]
    assert "Library" in entries
    assert ">Programs</a>" in html
    assert ">Homework templates</a>" in html


def test_an_unknown_menu_is_refused():
    with pytest.raises(ValueError, match="unknown navigation group"):
        register_nav("Somewhere", "core.home", ("admin",), group="elsewhere")
