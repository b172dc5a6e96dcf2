"""Shared state for building the demo organisation (``flask seed-demo``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Shown in the README and printed by seed-demo: demo data only, never a real account.
DEMO_PASSWORD = "together-we-grow-2026"  # noqa: S105


@dataclass
class DemoContext:
    """What earlier demo seeders made, for later ones to build on."""

    organisation: Any = None
    admin: Any = None
    facilitators: list[Any] = field(default_factory=list)
    participants: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, email, password)
