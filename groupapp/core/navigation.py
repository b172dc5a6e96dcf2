"""Navigation links by role; each domain registers its own."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_login import current_user


@dataclass(frozen=True)
class NavLink:
    label: str
    endpoint: str
    roles: tuple[str, ...]
    order: int


_links: list[NavLink] = []


def register_nav(label: str, endpoint: str, roles: tuple[str, ...], order: int = 50) -> None:
    if not any(link.endpoint == endpoint for link in _links):
        _links.append(NavLink(label, endpoint, roles, order))


def register_navigation(app: Flask) -> None:
    @app.context_processor
    def navigation() -> dict[str, list[NavLink]]:
        if not current_user.is_authenticated:
            return {"nav_links": []}
        links = [
            link
            for link in sorted(_links, key=lambda item: item.order)
            if current_user.role in link.roles and link.endpoint in current_app.view_functions
        ]
        return {"nav_links": links}
