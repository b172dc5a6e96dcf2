"""Panels on a participant's start page, contributed by the domains that own the data.

The meetings page that participants land on cannot import homework or check-ins (imports
run one way), so those domains register a panel here: a template and a loader that runs a
fixed number of queries. A panel whose loader returns nothing is not shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    load: Callable[[Any], Any]  # user -> data for the template (falsy: hide the panel)
    order: int


_panels: list[Panel] = []


def register_panel(template: str, load: Callable[[Any], Any], order: int = 50) -> None:
    if all(panel.template != template for panel in _panels):
        _panels.append(Panel(template, load, order))


def panels_for(user: Any) -> list[tuple[str, Any]]:
    """(template, data) for every panel with something to show ``user``, in order."""
    shown = []
    for panel in sorted(_panels, key=lambda p: p.order):
        data = panel.load(user)
        if data:
            shown.append((panel.template, data))
    return shown
