"""The whole demo organisation, seeded as ``flask seed-demo`` does."""

from __future__ import annotations

import importlib

from groupapp.cli import DEMO_SEEDERS
from groupapp.db import db
from groupapp.demo import DemoContext


def seed_demo() -> DemoContext:
    """Every demo seeder, in the order ``flask seed-demo`` runs them; committed."""
    ctx = DemoContext()
    for name in DEMO_SEEDERS:
        importlib.import_module(name).seed(ctx)
        db.session.flush()
    db.session.commit()
    return ctx
