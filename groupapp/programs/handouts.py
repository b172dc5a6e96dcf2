"""Participant handouts of the built-in programs: one data file per topic and language.

``handouts/<program slug>/week-NN.<language>.yaml`` holds two texts written for this
project: ``about`` (what the topic is about) and ``practice`` (one practice for the week).
A translation is a file beside the English one with its own language code. An
organisation's copy of a program takes the texts onto its topics, where facilitators may
edit them (``ProgramTopic.handout_about`` and ``handout_practice``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from groupapp.core.safe_data import load_yaml
from groupapp.programs.catalog import MappingReader, SchemaError

HANDOUT_DIR = Path(__file__).parent / "handouts"
DEFAULT_LANGUAGE = "en"
MAX_HANDOUT_TEXT = 2000


@dataclass(frozen=True)
class Handout:
    """A topic's handout: ``about`` the topic and one ``practice`` for the week."""

    about: str
    practice: str


def parse_handout(raw: Any, path: str = "") -> Handout:
    """Validate one handout mapping; raise ``SchemaError`` listing every problem."""
    problems: list[str] = []
    reader = MappingReader(raw, path, problems)
    handout = Handout(
        about=reader.text("about", max_length=MAX_HANDOUT_TEXT),
        practice=reader.text("practice", max_length=MAX_HANDOUT_TEXT),
    )
    reader.finish()
    if problems:
        raise SchemaError(problems)
    return handout


def handout_path(slug: str, week: int, language: str = DEFAULT_LANGUAGE) -> Path:
    """Where the handout of ``slug``'s week ``week`` (1-based) in ``language`` lives."""
    return HANDOUT_DIR / slug / f"week-{week:02d}.{language}.yaml"


@lru_cache(maxsize=512)  # built-in weeks x languages; bounded whatever the key
def builtin_handout(slug: str, week: int, language: str = DEFAULT_LANGUAGE) -> Handout | None:
    """The handout of a built-in program's week (1-based) in ``language``.

    Falls back to English when the language has no file; None when the week has none.
    Raises ``SchemaError`` when the file is malformed (a test reads every file).
    """
    for code in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        path = handout_path(slug, week, code)
        if path.is_file():
            return parse_handout(load_yaml(path.read_text(encoding="utf-8")), path.name)
    return None
