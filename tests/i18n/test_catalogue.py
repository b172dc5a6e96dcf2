"""The Spanish catalogue is complete, current and keeps every placeholder."""

from __future__ import annotations

import re
from collections.abc import Iterator

from babel.messages.catalog import Catalog, Message

from tests.support.catalogues import extracted_ids, read_catalogue

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _entries(catalog: Catalog) -> Iterator[tuple[Message, tuple[str, ...], tuple[str, ...]]]:
    """Each entry but the header, with its ids and its translations as tuples."""
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message, ids, strings


def test_extraction_finds_nothing_new() -> None:
    """``scripts/translations extract`` would add no msgid (and drop none)."""
    in_sources = {
        ids[0] if len(ids) == 1 else ids for _m, ids, _s in _entries(read_catalogue("es"))
    }
    found = extracted_ids()
    assert sorted(map(str, found - in_sources)) == [], "run scripts/translations extract"
    assert sorted(map(str, in_sources - found)) == [], "run scripts/translations extract"


def test_every_spanish_entry_is_translated_and_not_fuzzy() -> None:
    catalog = read_catalogue("es")
    missing = [m.id for m, _ids, strings in _entries(catalog) if m.fuzzy or not all(strings)]
    assert missing == []
    assert catalog.num_plurals == 2


def test_placeholders_match() -> None:
    wrong = []
    for message, ids, strings in _entries(read_catalogue("es")):
        wanted = {name for text in ids for name in _PLACEHOLDER.findall(text)}
        used = [set(_PLACEHOLDER.findall(text)) for text in strings]
        # A plural's singular may spell the one out ("un mensaje") instead of the count.
        if any(names - wanted for names in used) or set().union(*used) != wanted:
            wrong.append(message.id)
    assert wrong == []
