"""The translation catalogues as the tests read them: compiled like ``scripts/setup`` does,
and extracted afresh from the sources like ``scripts/translations extract`` does."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "groupapp" / "translations"
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}


def po_path(code: str) -> Path:
    return CATALOGUES / code / "LC_MESSAGES" / "messages.po"


def read_catalogue(code: str) -> Catalog:
    with po_path(code).open("rb") as handle:
        return read_po(handle, locale=code)


def compile_catalogues() -> None:
    """Write each ``.mo`` whose ``.po`` is newer (fuzzy entries left out, as pybabel does)."""
    for po in CATALOGUES.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalog = read_catalogue(po.parent.parent.name)
        # Written aside, then renamed: another test process may be reading the old file.
        partial = mo.with_name(f"{mo.name}.{os.getpid()}")
        with partial.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        os.replace(partial, mo)


def _walked(path: str) -> bool:
    """Babel's own filter skips every folder starting with "_", templates/_macros too."""
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__" and name != "node_modules"


def extracted_ids() -> set[str | tuple[str, ...]]:
    """Every msgid (a plural's as its pair) the sources hold now, as babel.cfg directs."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=_walked
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found
