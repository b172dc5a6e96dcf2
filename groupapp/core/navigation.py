"""Navigation links by role; each domain registers its own.

The header shows at most six top-level entries for any role: the everyday pages as links,
everything else in a few menus (``group``): the facilitator's "Library" (programs,
templates, questionnaires), the admin's "Admin" tools (the library folds into it for an
admin), and the person's own menu under their name (account, calendar, email, their data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from flask_login import current_user

from groupapp.core.counting import CountExpression, read_counts
from groupapp.core.memo import request_memo

MAX_TOP_LEVEL = 6
# Menu key -> label; "you" is labelled with the signed-in person's name.
GROUPS: dict[str, str] = {"library": "Library", "admin": "Admin", "you": ""}
# Menus that fold into another for a role, so that role still sees at most six entries.
FOLDS: dict[str, dict[str, str]] = {"admin": {"library": "admin"}}


@dataclass(frozen=True)
class NavLink:
    label: str
    endpoint: str
    roles: tuple[str, ...]
    order: int
    group: str | None = None


@dataclass
class NavMenu:
    """A top-level entry that opens a list of links (a ``<details>`` menu in the header)."""

    key: str
    label: str
    links: list[NavLink] = field(default_factory=list)


_links: list[NavLink] = []
# Every count a header shows is read in one statement per request (``header_counts``),
# however many there are.
# Endpoint -> the number shown beside its header link (an unread count).
_counts: dict[str, CountExpression] = {}
# Name -> a number shown elsewhere in the header (the risk-alert banner).
_figures: dict[str, CountExpression] = {}


def register_nav_count(endpoint: str, count: CountExpression) -> None:
    """Show the number ``count(user)`` selects beside the header link to ``endpoint``
    (nothing when 0)."""
    _counts[endpoint] = count


def register_header_count(name: str, count: CountExpression) -> None:
    """Make ``count(user)`` available to templates as ``header_count(name)``, read in the
    same statement as the navigation counts."""
    _figures[name] = count


def header_counts(user: Any, entries: list[NavLink | NavMenu]) -> dict[str, int]:
    """The counts the header shows: those of the links among ``entries`` by endpoint, a
    menu's total by its key (zero counts left out), and every ``register_header_count``
    figure by name (zeros kept). One statement, once per request for the current user."""
    return request_memo(f"header_counts.{user.id}", lambda: _header_counts(user, entries))


def _header_counts(user: Any, entries: list[NavLink | NavMenu]) -> dict[str, int]:
    link_counts = {
        link.endpoint: _counts[link.endpoint]
        for entry in entries
        for link in (entry.links if isinstance(entry, NavMenu) else [entry])
        if link.endpoint in _counts
    }
    numbers = read_counts(user, {**link_counts, **_figures})
    counts: dict[str, int] = {name: numbers.get(name, 0) for name in _figures}
    for entry in entries:
        links = entry.links if isinstance(entry, NavMenu) else [entry]
        total = 0
        for link in links:
            number = numbers.get(link.endpoint, 0)
            if number:
                counts[link.endpoint] = number
                total += number
        if isinstance(entry, NavMenu) and total:
            counts[entry.key] = total
    return counts


def register_nav(
    label: str,
    endpoint: str,
    roles: tuple[str, ...],
    order: int = 50,
    group: str | None = None,
) -> None:
    """Add a header link for ``roles``; ``group`` (a key of ``GROUPS``) puts it in a menu.

    Raises ValueError for an unknown group. Registering an endpoint twice keeps the first.
    """
    if group is not None and group not in GROUPS:
        raise ValueError(f"unknown navigation group {group!r}; choose from {sorted(GROUPS)}")
    if not any(link.endpoint == endpoint for link in _links):
        _links.append(NavLink(label, endpoint, roles, order, group))


def navigation_for(role: str, endpoints: set[str] | None = None) -> list[NavLink | NavMenu]:
    """The header entries for ``role``, in order: links first, then the menus.

    ``endpoints`` limits the links to routes the app has (None: every registered link).
    """
    folds = FOLDS.get(role, {})
    top: list[NavLink | NavMenu] = []
    menus: dict[str, NavMenu] = {}
    for link in sorted(_links, key=lambda item: item.order):
        if role not in link.roles or (endpoints is not None and link.endpoint not in endpoints):
            continue
        if link.group is None:
            top.append(link)
            continue
        key = folds.get(link.group, link.group)
        menus.setdefault(key, NavMenu(key, GROUPS[key])).links.append(link)
    ordered = [menus[key] for key in GROUPS if key in menus]
    return top + ordered


def register_navigation(app: Flask) -> None:
    @app.context_processor
    def navigation() -> dict[str, Any]:
        """``nav_entries`` for the header, ``nav_you``, the links of the person's menu
        (always shown to a signed-in person: it holds "Sign out"), ``nav_counts``, and
        ``header_count(name)`` for the other figures the header shows."""
        if not current_user.is_authenticated:
            return {"nav_entries": [], "nav_you": [], "nav_counts": {}, "header_count": _zero}
        entries = navigation_for(current_user.role, set(current_app.view_functions))
        you = next((e for e in entries if isinstance(e, NavMenu) and e.key == "you"), None)
        counts = header_counts(current_user, entries)
        return {
            "nav_entries": [e for e in entries if e is not you],
            "nav_you": you.links if you else [],
            "nav_counts": {k: v for k, v in counts.items() if k not in _figures},
            "header_count": lambda name: counts.get(name, 0),
        }


def _zero(_name: str) -> int:
    return 0
