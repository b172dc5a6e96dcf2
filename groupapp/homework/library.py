"""Built-in homework templates: YAML files in ``builtin/`` validated by the field schema."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from groupapp.homework.fields import TemplateDefinition, parse_template
from groupapp.programs.catalog import load_all

BUILTIN_DIR = Path(__file__).parent / "builtin"


@cache
def load_builtin_templates() -> dict[str, TemplateDefinition]:
    """All built-in homework templates by slug, validated (cached: files never change)."""
    return load_all(BUILTIN_DIR, parse_template)
